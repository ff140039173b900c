/**
 * The CLI's side of team vaults: the acting person (keys opened from the state file), what this device
 * remembers about teams (in the state file), and the roster check each sync runs for every vault.
 */
import {
  checkRoster,
  emptyTeamMemory,
  fromBase64url,
  memberOf,
  openIdentity,
  openSigningIdentity,
  teamStoreOver,
  SyncError,
  VaultError,
  type IdentityKeyPair,
  type RosterCheck,
  type SyncEvent,
  type TeamActor,
  type TeamStore,
} from '../shared/index.js';
import { CliError } from './errors.js';
import type { CliVault } from './vault.js';
import type { VaultState } from './state.js';

export function teamStoreOf(vault: CliVault): TeamStore {
  vault.state.team ??= emptyTeamMemory();
  const store = teamStoreOver(vault.state.team);
  // A verified roster is saved at once: a command stopped right after accepting still trusts the admins' shares next time.
  return { ...store, setRoster: async (vaultId, roster) => (await store.setRoster(vaultId, roster), vault.save()) };
}

export function identityKeyPair(vault: CliVault): Promise<IdentityKeyPair> {
  const { identity } = vault.state;
  return openIdentity(fromBase64url(identity.wrappedPrivateKey), fromBase64url(identity.publicSpki), vault.account.accountKey, vault.account.accountId);
}

export async function teamActor(vault: CliVault): Promise<TeamActor> {
  await vault.ensureCertified();
  const { signing, email } = vault.state;
  if (!signing || !email) throw new CliError('not-signed-in', 'team vaults need an account on a server: `keyhaven signup` or `keyhaven login` first');
  const identity = await openSigningIdentity(signing, vault.account.accountKey, vault.account.accountId);
  return {
    accountId: vault.account.accountId,
    email,
    keys: { identityKey: vault.state.identity.publicSpki, signingKey: signing.publicSpki },
    signingKey: identity.signingKey,
    identity: await identityKeyPair(vault),
    accountKey: vault.account.accountKey,
    store: teamStoreOf(vault),
  };
}

/**
 * Checks each vault's roster; each finding becomes a warning event (and exit code 7), by vault. An admin
 * is told of members who left, since only an admin's client can rotate the key and flag what they could
 * read. A vault whose check fails for another reason than being offline is a finding, not the end.
 */
export async function checkRosters(vault: CliVault, vaults: readonly VaultState[]): Promise<Map<string, SyncEvent[]>> {
  const api = await vault.api();
  const me = vault.account.accountId;
  const findings = new Map<string, SyncEvent[]>();
  for (const v of vaults) {
    const events: SyncEvent[] = [];
    findings.set(v.id, events);
    const finding = (reason: string, message: string) => events.push({ type: 'integrity', vaultId: v.id, itemId: null, reason, message: `vault "${v.name}": ${message}` });
    let result: RosterCheck;
    try {
      result = await checkRoster(api, { vaultId: v.id, keyring: await vault.keyring(v.id), store: teamStoreOf(vault), me });
    } catch (error) {
      if (error instanceof SyncError && error.code === 'offline') throw error;
      finding('roster-check', `its members could not be checked (${(error as Error).message})`);
      continue;
    }
    for (const w of result.warnings) finding(w.kind, w.message);
    if (result.roster && memberOf(result.roster, me)?.role === 'admin') {
      for (const gone of result.departed.filter((a) => a !== me)) {
        const email = memberOf(result.roster, gone)!.email;
        process.stderr.write(`keyhaven: note: ${email} left "${v.name}": \`keyhaven vault remove ${email} --vault "${v.name}"\` rotates its key and flags what they could read\n`);
      }
    }
  }
  return findings;
}

/** Refuses a write the roster does not allow, before it is queued for a server that would refuse it too. */
export async function requireWriter(vault: CliVault, vaultId: string): Promise<void> {
  const roster = await teamStoreOf(vault).roster(vaultId);
  if (!roster) return;
  const role = memberOf(roster, vault.account.accountId)?.role;
  if (role !== 'editor' && role !== 'admin') {
    throw new VaultError('forbidden', `you are ${role ? `a ${role}` : 'not a member'} in vault "${vault.vault(vaultId).name}": only editors and admins can change its items`);
  }
}
