/**
 * A password change and what the account's other devices do after it. The change re-wraps only the
 * account key (DESIGN §5) and replaces the server's login verifier and keyring blob in one request; it
 * ends every other session. A device whose session ended signs in again with the current password: it
 * keeps its id, its key and everything queued, and the server's record (the same account key, wrapped
 * under the new password) replaces its local one. A device whose own change lost its answer reads the
 * account back before deciding, so it never keeps a record the server has replaced.
 */
import { toBase64url } from '../encoding.js';
import { derivePasswordKeys } from '../crypto/kdf.js';
import { SyncError } from '../errors.js';
import { changePassword, type AccountKeyRecord } from '../vault/account.js';
import { vaultKeyEntrySchema, type VaultKeyEntry, type VaultKeyringRecord } from '../vault/keyring.js';
import { rewrapIdentity, rewrapVaultKeyring, sameVaultKey } from '../vault/account-rotation.js';
import type { AccountKey } from '../crypto/keys.js';
import type { SigningIdentityRecord } from '../crypto/signing-identity.js';
import type { ApiClient, DeviceRegistration } from './api-client.js';
import { signIn } from './account-flows.js';
import { decodeAccountKeyring, encodeAccountKeyring, encodeVaultKeyEntry, type AccountKeyringBlob } from './profile.js';

/**
 * Changes the password (and/or the PBKDF2 iterations): re-wraps the account key locally and, when the
 * account is on a server, replaces the server's login verifier and keyring blob in one request. The
 * caller stores the returned record only after this resolves, so a refused change leaves both as they were.
 */
export async function changeAccountPassword(
  api: ApiClient | null,
  input: {
    account: AccountKeyRecord;
    identity: AccountKeyringBlob['identity'];
    /** Kept in the re-written keyring blob; without it the blob would go back to v1. */
    signing?: SigningIdentityRecord;
    oldPassword: string;
    newPassword: string;
    iterations?: number;
    /** The keyring revision this device last saw; without it, the server's current one. */
    baseRevision?: number;
  },
): Promise<{ record: AccountKeyRecord; revision: number | null }> {
  const changed = await changePassword(input.account, input.oldPassword, input.newPassword, { iterations: input.iterations });
  if (!api) return { record: changed.record, revision: null };
  const { authKey: currentAuthKey } = await derivePasswordKeys(input.oldPassword, input.account.kdf);
  const revision = await replaceAccountRecord(api, {
    currentAuthKey,
    authKey: changed.authKey,
    record: changed.record,
    keyring: encodeAccountKeyring(changed.record, input.identity, input.signing),
    baseRevision: input.baseRevision,
  });
  return { record: changed.record, revision };
}

/**
 * Replaces the server's login verifier and keyring blob in one request (which also ends every other
 * session), for a password change or an account-key rotation; returns the keyring's new revision. An
 * answer that never came (connection cut, timeout, a failing proxy) may hide a change the server made:
 * the account is read back, so a device never keeps a record the server has replaced.
 */
export async function replaceAccountRecord(
  api: ApiClient,
  input: { currentAuthKey: Uint8Array; authKey: Uint8Array; record: AccountKeyRecord; keyring: string; baseRevision?: number },
): Promise<number> {
  try {
    const { revision } = await api.changePassword({
      currentAuthKey: toBase64url(input.currentAuthKey),
      kdf: input.record.kdf,
      authKey: toBase64url(input.authKey),
      baseRevision: input.baseRevision ?? (await api.account()).keyringRevision,
      keyring: input.keyring,
    });
    return revision;
  } catch (error) {
    if (!(error instanceof SyncError) || !UNKNOWN_OUTCOME.has(error.code)) throw error;
    const landed = await serverHolds(api, input.record);
    if (landed !== null) return landed;
    throw error;
  }
}

/**
 * The keyring revision when the server's account record is exactly `record`, else null (or unreachable,
 * or an answer that is junk or another account's: none of them holds this record).
 */
export async function serverHolds(api: ApiClient, record: AccountKeyRecord): Promise<number | null> {
  const served = await servedAccountRecord(api).catch(() => null);
  return served?.record && sameAccountRecord(served.record, record) ? served.revision : null;
}

/**
 * The account record the server serves now, with its keyring revision; `record` is null when the keyring
 * blob is junk. Unreachable or refused: the request's typed error.
 */
export async function servedAccountRecord(api: ApiClient): Promise<{ record: AccountKeyRecord | null; revision: number }> {
  const served = await api.account();
  let record: AccountKeyRecord | null = null;
  try {
    record = decodeAccountKeyring(served.keyring).account;
  } catch {
    record = null;
  }
  return { record, revision: served.keyringRevision };
}

/** The same record: the same account, version, wrapped key and password check (the wrapped key's nonce is random). */
export function sameAccountRecord(a: AccountKeyRecord, b: AccountKeyRecord): boolean {
  return a.accountId === b.accountId && a.keyVersion === b.keyVersion && a.wrappedKey === b.wrappedKey && a.verifier === b.verifier && a.kdf.salt === b.kdf.salt;
}

/** Failures after which a request may or may not have been carried out. */
const UNKNOWN_OUTCOME: ReadonlySet<string> = new Set(['offline', 'server-error', 'bad-response']);

export interface SignInAgainInput {
  email: string;
  password: string;
  /** This device as the server already knows it: the same id and signing key, never a new one. */
  device: DeviceRegistration;
  /** The account this device belongs to: a server answering for another account is refused. */
  accountId: string;
  /** This device's vault keyrings: each must open with the account key the server's record holds (or a version it keeps). */
  localKeyrings: readonly VaultKeyringRecord[];
  /**
   * The account record this device holds. With it, a server record of a lower version (the one from
   * before a rotation, served again) is refused as a rollback, and so is one that no longer reaches an
   * older version this record reaches (a `previous` list cut short): the account key version only goes
   * up (docs/crypto.md §24). Without it, only the keyrings tell (a device whose keyrings are all under
   * version n+1 refuses a record that does not reach n+1).
   */
  localAccount?: AccountKeyRecord;
}

/**
 * Also returns this device's keyrings re-wrapped under the server's current account key: after an
 * account-key rotation elsewhere they are under a version the record keeps as an older one. A refusal
 * (typed: `SyncError` rollback / bad-response, or the `CryptoError` of a record that does not open) ends
 * the session it just made and changes nothing here.
 */
export async function signInAgain(api: ApiClient, input: SignInAgainInput): Promise<Awaited<ReturnType<typeof signIn>> & { keyrings: VaultKeyringRecord[] }> {
  const tokenBefore = api.token;
  try {
    // signIn checks the served record (this account, not behind this device's) before it uploads anything.
    const expect = { accountId: input.accountId, ...(input.localAccount ? { localAccount: input.localAccount } : {}) };
    const signedIn = await signIn(api, { email: input.email, password: input.password, device: input.device, expect });
    const { accountKey, olderKeys } = signedIn.unlocked;
    // The identity key in the served blob must open with the record it came with (directly, or through
    // an older version: then it is re-wrapped here), or the device would adopt one it cannot use.
    const identity = await rewrapIdentity(signedIn.keyring.identity, input.accountId, [...olderKeys.values()], accountKey);
    const keyrings = await rewrapAll(api, input.accountId, input.localKeyrings, [...olderKeys.values()], accountKey);
    if (!keyrings) throw new SyncError('bad-response', "the server's account key does not open this device's vaults; nothing was changed here");
    return { ...signedIn, keyring: { ...signedIn.keyring, identity }, keyrings };
  } catch (error) {
    // A session this device will not use is ended at once rather than left to expire.
    if (api.token && api.token !== tokenBefore) await api.logout().catch(() => undefined);
    throw error;
  }
}

/**
 * Each keyring under `to`, taking the server's copies where they wrap the same keys under `to` (they stay
 * byte-equal). A server copy still under an older version (the rotating device has not moved it yet, or
 * was cut before it could) is replaced by this device's copy under `to`, compare-and-set as the rotation's
 * step 3 does, so the rotating device takes that copy when it resumes and no two copies disagree.
 */
async function rewrapAll(api: ApiClient, accountId: string, keyrings: readonly VaultKeyringRecord[], from: AccountKey[], to: AccountKey): Promise<VaultKeyringRecord[] | null> {
  const rewrapped: VaultKeyringRecord[] = [];
  const moves: { vaultId: string; entry: VaultKeyEntry; revision: number }[] = [];
  for (const keyring of keyrings) {
    const served = await api.vaultKeys(keyring.vaultId).then(
      ({ keys }) => keys.flatMap((k) => parseEntry(k.blob, k.keyVersion).map((entry) => ({ entry, revision: k.revision, owner: k.accountId }))),
      () => [], // a vault the server no longer lists for this account: its keys stay this device's
    );
    const next = await rewrapVaultKeyring(keyring, from, to, served.map((s) => s.entry)).catch(() => null);
    if (!next) return null;
    rewrapped.push(next);
    if (from.length === 0) continue;
    for (const { entry, revision, owner } of served) {
      const mine = next.keys.find((k) => k.version === entry.version);
      if (owner !== accountId || !mine || mine.wrappedKey === entry.wrappedKey) continue;
      // Only a copy of the very key this device holds, under an older version of this account key, is replaced.
      if (await sameVaultKey(keyring.vaultId, { entry, keys: from }, { entry: mine, keys: [to] })) moves.push({ vaultId: keyring.vaultId, entry: mine, revision });
    }
  }
  // Only once every keyring opened: a refused sign-in writes nothing. A failed move (a conflict: another
  // device moved it first; or the server away) leaves the rotating device's step 3 to do it.
  for (const m of moves) await api.putVaultKey(m.vaultId, accountId, m.entry.version, m.revision, encodeVaultKeyEntry(m.entry)).catch(() => undefined);
  return rewrapped;
}

function parseEntry(blob: string, keyVersion: number): VaultKeyEntry[] {
  try {
    const parsed = vaultKeyEntrySchema.safeParse(JSON.parse(blob));
    return parsed.success && parsed.data.version === keyVersion ? [parsed.data] : [];
  } catch {
    return [];
  }
}
