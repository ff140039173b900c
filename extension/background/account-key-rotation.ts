/**
 * Rotating the account key in the browser (shared/sync/account-key-rotation.ts). The profile row is the
 * host: the pending rotation is kept in it, so a closed browser finishes at the next unlock, and the
 * one write that ends the rotation re-wraps every keyring, the identity keys and the session token
 * with the new record. The device's own signing key is a non-extractable CryptoKey under no account
 * key, so it stays as it is. The caller then swaps the key the worker holds (memory and session).
 */
import {
  openSessionToken,
  rewrapIdentity,
  rewrapSigningIdentity,
  rewrapVaultKeyring,
  rotateAccountKey,
  sealSessionToken,
  type AccountKey,
  type AccountRotationResult,
  type ApiClient,
  type SessionAccount,
  type SyncEngine,
} from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';

export interface AccountKeyRotationInput {
  db: KeyHavenDatabase;
  profile: ProfileRow;
  api: ApiClient | null;
  account: SessionAccount;
  engine: SyncEngine;
  /** Needed until the new record is on the server; a resume without it waits for the next unlock. */
  password: string | null;
  resumeOnly?: boolean;
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** The result, and the new key (extractable, for the session copy) once the rotation is done. */
export async function rotateAccountKeyInBrowser(input: AccountKeyRotationInput): Promise<{ result: AccountRotationResult; key: AccountKey } | null> {
  const { db, profile, account } = input;
  let adopted: AccountKey | null = null;
  const result = await rotateAccountKey(
    input.api,
    {
      accountId: account.accountId,
      accountKey: account.accountKey,
      account: profile.account,
      identity: profile.identity,
      signing: profile.signing,
      loadState: async () => (await db.profile.get('main'))?.accountRotation ?? null,
      saveState: async (state) => void (await updateProfile(db, (p) => ({ ...p, accountRotation: state ?? undefined }))),
      commit: async ({ record, from, to, served }) => {
        const current = (await db.profile.get('main'))!;
        const token = current.sealedToken ? await openSessionToken(account, current.sealedToken) : null;
        const vaults: ProfileRow['vaults'] = [];
        for (const v of current.vaults) vaults.push({ ...v, keyring: await rewrapVaultKeyring(v.keyring, from, to, served.get(v.id)) });
        const identity = await rewrapIdentity(current.identity, account.accountId, from, to);
        const signing = current.signing && (await rewrapSigningIdentity(current.signing, account.accountId, from, to));
        const sealedToken = token ? await sealSessionToken({ accountId: account.accountId, accountKey: to }, token) : null;
        await updateProfile(db, (p) => ({ ...p, account: record, vaults, identity, signing, sealedToken, accountRotation: undefined }));
        // Summary indexes sealed under the old key go; the next unlock builds and seals them under the new one.
        await db.summaries.clear();
        adopted = to;
      },
      audit: async (detail) => {
        for (const v of profile.vaults) await input.engine.recordAudit(v.id, 'vault.key-rotate', null, detail);
      },
      onProgress: input.onProgress,
    },
    input.password,
    { resumeOnly: input.resumeOnly },
  );
  return result && adopted ? { result, key: adopted } : null;
}
