/**
 * Whose signature makes an access token's description count on this device (docs/crypto.md §25): an
 * admin of the vault's verified roster for a team vault; the account itself for a vault with no roster
 * (a personal vault, or a team vault this device has not verified yet: then only its own tokens).
 */
import type { IdentityVerifyKey } from '../crypto/keys.js';
import { adminKeyOf } from '../team/roster.js';
import type { TeamStore } from '../team/team-store.js';

export function tokenAdminKeys(store: TeamStore, me: string, ownKey: () => Promise<IdentityVerifyKey | null>) {
  return async (vaultId: string, accountId: string): Promise<IdentityVerifyKey | null> => {
    const roster = await store.roster(vaultId);
    if (roster) return adminKeyOf(roster)(accountId);
    return accountId === me ? ownKey() : null;
  };
}
