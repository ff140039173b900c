/**
 * Trusting a vault's member list again (docs/teams.md), for a user who saw a warning (a fork, a changed
 * key) and then compared every member's fingerprint with them out of band. The history is read from
 * revision 1 and verified step by step; revision 1 itself is what the user vouches for. Their decision
 * replaces what this device remembered of the vault, and each member's fingerprint counts as compared.
 */
import { VaultError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { personFingerprint, sameFingerprint } from './person.js';
import { fetchRosters, followRosters } from './roster-check.js';
import type { Roster } from './roster.js';
import type { TeamStore } from './team-store.js';

export interface RosterToTrust {
  roster: Roster;
  members: { accountId: string; email: string; role: Roster['members'][number]['role']; fingerprint: string }[];
}

/** The server's history of the vault's roster, verified from revision 1, with each member's fingerprint. */
export async function rosterFromStart(api: ApiClient, keyring: VaultKeyring): Promise<RosterToTrust> {
  const { roster, failure, waiting } = await followRosters(null, await fetchRosters(api, keyring.vaultId, 0), keyring);
  if (failure) throw new VaultError('unverified', `the server's member history does not verify even from its start (${failure.message}); nothing to trust`);
  if (waiting) throw new VaultError('invalid-state', 'this device does not have every key version of the vault yet; sync first');
  if (!roster) throw new VaultError('invalid-state', 'the vault has no signed member list: nobody else is in it');
  const members = [];
  for (const m of roster.members) members.push({ accountId: m.account, email: m.email, role: m.role, fingerprint: await personFingerprint(m) });
  return { roster, members };
}

/**
 * Takes `shown` (what the user was shown and compared) as this device's record of the vault, if the
 * server's history still ends there with the same fingerprints; anything else is refused.
 */
export async function trustRoster(api: ApiClient, store: TeamStore, keyring: VaultKeyring, shown: { revision: number; fingerprints: readonly string[] }): Promise<Roster> {
  const now = await rosterFromStart(api, keyring);
  const same = now.roster.revision === shown.revision && now.members.length === shown.fingerprints.length && now.members.every((m, i) => sameFingerprint(m.fingerprint, shown.fingerprints[i]!));
  if (!same) throw new VaultError('unverified', 'the member list changed since it was shown to you; look at it and compare again');
  await store.setRoster(keyring.vaultId, now.roster);
  await store.setTakenOnTrust(keyring.vaultId, false);
  for (const m of now.members) await store.setPerson({ accountId: m.accountId, email: m.email, fingerprint: m.fingerprint, verified: true });
  return now.roster;
}
