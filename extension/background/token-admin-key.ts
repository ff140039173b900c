/** Whose signature makes a vault's access token count in this browser (shared/tokens/token-trust.ts). */
import { openSigningIdentity, tokenAdminKeys, type IdentityVerifyKey, type SessionAccount, type TeamStore } from '../../shared/index.js';
import type { KeyHavenDatabase } from '../db/database.js';

export function browserTokenAdminKey(db: KeyHavenDatabase, account: SessionAccount, teamStore: () => Promise<TeamStore>) {
  const own = async () => {
    const signing = (await db.profile.get('main'))?.signing;
    return signing ? (await openSigningIdentity(signing, account.accountKey, account.accountId)).verifyKey : null;
  };
  return async (vaultId: string, accountId: string): Promise<IdentityVerifyKey | null> => tokenAdminKeys(await teamStore(), account.accountId, own)(vaultId, accountId);
}
