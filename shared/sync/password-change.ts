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
import { openVaultKeyring, type VaultKeyringRecord } from '../vault/keyring.js';
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
  try {
    const { revision } = await api.changePassword({
      currentAuthKey: toBase64url(currentAuthKey),
      kdf: changed.record.kdf,
      authKey: toBase64url(changed.authKey),
      baseRevision: input.baseRevision ?? (await api.account()).keyringRevision,
      keyring: encodeAccountKeyring(changed.record, input.identity, input.signing),
    });
    return { record: changed.record, revision };
  } catch (error) {
    // An answer that never came (connection cut, timeout, a failing proxy) may hide a change the server
    // made: read the account back, so this device never keeps a record the server has replaced.
    if (!(error instanceof SyncError) || !UNKNOWN_OUTCOME.has(error.code)) throw error;
    const landed = await api.account().catch(() => null);
    if (landed && decodeAccountKeyring(landed.keyring).account.wrappedKey === changed.record.wrappedKey) {
      return { record: changed.record, revision: landed.keyringRevision };
    }
    throw error;
  }
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
  /** This device's vault keyrings: each must open with the account key the server's record holds. */
  localKeyrings: readonly VaultKeyringRecord[];
}

export async function signInAgain(api: ApiClient, input: SignInAgainInput): Promise<Awaited<ReturnType<typeof signIn>>> {
  const signedIn = await signIn(api, { email: input.email, password: input.password, device: input.device });
  const matches = signedIn.unlocked.accountId === input.accountId && (await allOpen(input.localKeyrings, signedIn.unlocked.accountKey));
  if (!matches) {
    // A session this device will not use is ended at once rather than left to expire.
    await api.logout().catch(() => undefined);
    throw new SyncError(
      'bad-response',
      signedIn.unlocked.accountId === input.accountId
        ? "the server's account key does not open this device's vaults; nothing was changed here"
        : 'the server answered for another account; nothing was changed here',
    );
  }
  return signedIn;
}

async function allOpen(keyrings: readonly VaultKeyringRecord[], accountKey: Parameters<typeof openVaultKeyring>[1]): Promise<boolean> {
  for (const keyring of keyrings) {
    if (!(await openVaultKeyring(keyring, accountKey).then(() => true, () => false))) return false;
  }
  return true;
}
