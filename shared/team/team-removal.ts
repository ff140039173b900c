/**
 * Removing someone from a team vault (docs/teams.md): the server drops their access at once, the roster
 * moves them to `former` (with the time, so every member's client can tell which keys they could read),
 * and the admin's client rotates the vault key and shares the new version with the remaining members
 * only. The removed member keeps every key they ever had; what is written after the removal is under a
 * version they never receive.
 */
import { SyncError, VaultError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import { encodeVaultKeyEntry } from '../sync/profile.js';
import { openVaultKeyring, unwrapVaultKey, type VaultKeyringRecord } from '../vault/keyring.js';
import type { Roster } from './roster.js';
import { encodeShare } from './share-blob.js';
import { actorNow, changeRoster, type TeamActor } from './team-flows.js';

const alreadyDone = (error: unknown) => error instanceof SyncError && (error.code === 'not-found' || error.code === 'conflict');

/** Ends `accountId`'s membership on the server and in the roster; the caller then rotates the key (`shareKeyVersion`). */
export async function removeMember(api: ApiClient, actor: TeamActor, input: { record: VaultKeyringRecord; accountId: string }): Promise<Roster> {
  if (input.accountId === actor.accountId) throw new VaultError('invalid-input', 'to leave a vault yourself, use leave');
  // The server first: access ends now, and until the roster follows the server lists less than it, never more.
  await api.removeMember(input.record.vaultId, input.accountId).catch((error: unknown) => {
    if (!alreadyDone(error)) throw error;
  });
  const keyring = await openVaultKeyring(input.record, actor.accountKey);
  return changeRoster(api, actor, keyring, ({ members, former }) => {
    const leaving = members.find((m) => m.account === input.accountId);
    if (!leaving) throw new VaultError('invalid-input', 'that account is not in this vault');
    return { members: members.filter((m) => m !== leaving), former: [...former, { account: leaving.account, email: leaving.email, at: actorNow(actor).getTime() }] };
  });
}

/**
 * Puts key `version` where every roster member gets it: this account's own entry, and a share for each
 * other member. Safe to repeat: a version already there is left as it is.
 */
export async function shareKeyVersion(api: ApiClient, actor: TeamActor, input: { record: VaultKeyringRecord; roster: Roster; version: number }): Promise<void> {
  const { record, version } = input;
  const entry = record.keys.find((k) => k.version === version);
  if (!entry) throw new VaultError('invalid-state', `vault ${record.vaultId} has no key version ${version} on this device`);
  const put = (accountId: string, blob: string) =>
    api.putVaultKey(record.vaultId, accountId, version, 0, blob).catch((error: unknown) => {
      if (!alreadyDone(error)) throw error;
    });
  await put(actor.accountId, encodeVaultKeyEntry(entry));
  const key = await unwrapVaultKey(entry, actor.accountKey, record.vaultId, true);
  for (const member of input.roster.members) {
    if (member.account === actor.accountId) continue;
    const to = { account: member.account, identityKey: member.identityKey };
    await put(member.account, await encodeShare(key, { vaultId: record.vaultId, version, to, by: { account: actor.accountId, signingKey: actor.signingKey } }));
  }
}

/** Puts a new key version where the vault's members get it: shared with the roster's members in a team vault, this account's own entry in a personal one. */
export async function publishKeyVersion(api: ApiClient, input: { accountId: string; record: VaultKeyringRecord; version: number; team: { actor: TeamActor; roster: Roster } | null }): Promise<void> {
  const { record, version, team } = input;
  if (team) return shareKeyVersion(api, team.actor, { record, roster: team.roster, version });
  const entry = record.keys.find((k) => k.version === version);
  if (!entry) throw new VaultError('invalid-state', `vault ${record.vaultId} has no key version ${version} on this device`);
  await api.putVaultKey(record.vaultId, input.accountId, version, 0, encodeVaultKeyEntry(entry)).catch((error: unknown) => {
    if (!alreadyDone(error)) throw error;
  });
}

/**
 * Whether a vault with no verified roster on this device may be rotated as this account's own: only if
 * the server lists nobody else in it. A server that hides a team vault's rosters must not get a member's
 * device to rotate the key for itself alone (the others would lose every write made under it).
 */
export async function rotatableWithoutRoster(api: ApiClient, vaultId: string, accountId: string): Promise<boolean> {
  const { members } = await api.members(vaultId);
  return members.every((m) => m.accountId === accountId);
}
