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
import { rewrapVaultKeyring } from '../vault/account-rotation.js';
import type { AccountKey } from '../crypto/keys.js';
import type { SigningIdentityRecord } from '../crypto/signing-identity.js';
import type { ApiClient, DeviceRegistration } from './api-client.js';
import { signIn } from './account-flows.js';
import { decodeAccountKeyring, encodeAccountKeyring, type AccountKeyringBlob } from './profile.js';

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

/** The keyring revision when the server's account record is exactly `record`, else null (or unreachable). */
export async function serverHolds(api: ApiClient, record: AccountKeyRecord): Promise<number | null> {
  const served = await api.account().catch(() => null);
  return served && decodeAccountKeyring(served.keyring).account.wrappedKey === record.wrappedKey ? served.keyringRevision : null;
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
}

/**
 * Also returns this device's keyrings re-wrapped under the server's current account key: after an
 * account-key rotation elsewhere they are under a version the record keeps as an older one.
 */
export async function signInAgain(api: ApiClient, input: SignInAgainInput): Promise<Awaited<ReturnType<typeof signIn>> & { keyrings: VaultKeyringRecord[] }> {
  const signedIn = await signIn(api, { email: input.email, password: input.password, device: input.device });
  const { accountKey, olderKeys } = signedIn.unlocked;
  const keyrings = signedIn.unlocked.accountId === input.accountId ? await rewrapAll(api, input.localKeyrings, [...olderKeys.values()], accountKey) : null;
  if (!keyrings) {
    // A session this device will not use is ended at once rather than left to expire.
    await api.logout().catch(() => undefined);
    throw new SyncError(
      'bad-response',
      signedIn.unlocked.accountId === input.accountId
        ? "the server's account key does not open this device's vaults; nothing was changed here"
        : 'the server answered for another account; nothing was changed here',
    );
  }
  return { ...signedIn, keyrings };
}

/** Each keyring under `to`, taking the server's copies where they wrap the same keys (they stay byte-equal). */
async function rewrapAll(api: ApiClient, keyrings: readonly VaultKeyringRecord[], from: AccountKey[], to: AccountKey): Promise<VaultKeyringRecord[] | null> {
  const rewrapped: VaultKeyringRecord[] = [];
  for (const keyring of keyrings) {
    const served = await api.vaultKeys(keyring.vaultId).then(
      ({ keys }) => keys.flatMap((k) => parseEntry(k.blob)),
      () => [], // a vault the server no longer lists for this account: its keys stay this device's
    );
    const next = await rewrapVaultKeyring(keyring, from, to, served).catch(() => null);
    if (!next) return null;
    rewrapped.push(next);
  }
  return rewrapped;
}

function parseEntry(blob: string): VaultKeyEntry[] {
  try {
    const parsed = vaultKeyEntrySchema.safeParse(JSON.parse(blob));
    return parsed.success ? [parsed.data] : [];
  } catch {
    return [];
  }
}
