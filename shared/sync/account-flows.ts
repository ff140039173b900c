/**
 * The account flows every client runs against the server (the CLI and the extension alike): register an
 * account with the vaults made locally, sign a new device in, and learn the vaults and key versions the
 * server knows. Where the results are kept is the host's business; these only talk and decrypt.
 */
import { toBase64url } from '../encoding.js';
import { derivePasswordKeys } from '../crypto/kdf.js';
import { unlockAccount, type AccountKeyRecord, type SessionAccount, type UnlockedAccount } from '../vault/account.js';
import { rewrapIdentity } from '../vault/account-rotation.js';
import { openVaultKeyring, unwrapVaultKey, vaultKeyEntry, vaultKeyEntrySchema, type VaultKeyEntry, type VaultKeyringRecord } from '../vault/keyring.js';
import type { IdentityKeyPair } from '../crypto/asymmetric.js';
import type { AccountKey, IdentityVerifyKey } from '../crypto/keys.js';
import { SyncError } from '../errors.js';
import { isShareBlob, openShare } from '../team/share-blob.js';
import type { ApiClient, DeviceRegistration } from './api-client.js';
import type { SigningIdentityRecord } from '../crypto/signing-identity.js';
import { ensureIdentity, type IdentityState } from './identity-flows.js';
import { decodeAccountKeyring, encodeAccountKeyring, encodeVaultKeyEntry, openVaultMeta, sealVaultMeta, vaultMetaOf, type AccountKeyringBlob } from './profile.js';

export interface LocalVault {
  id: string;
  name: string;
  keyring: VaultKeyringRecord;
}

/** Creates the account on the server with this device and uploads each local vault's keys and name. */
export async function registerAccount(
  api: ApiClient,
  input: {
    email: string;
    account: AccountKeyRecord;
    identity: AccountKeyringBlob['identity'];
    signing: SigningIdentityRecord;
    unlocked: UnlockedAccount;
    device: DeviceRegistration;
    vaults: LocalVault[];
  },
): Promise<{ token: string }> {
  const session = await api.register({
    accountId: input.unlocked.accountId,
    email: input.email,
    kdf: input.account.kdf,
    authKey: toBase64url(input.unlocked.authKey),
    keyring: encodeAccountKeyring(input.account, input.identity, input.signing),
    identityPublicKey: input.identity.publicSpki,
    signingPublicKey: input.signing.publicSpki,
    device: input.device,
  });
  api.token = session.token;
  // The device's certificate, before anything it signs is sent.
  await ensureIdentity(api, {
    account: input.unlocked,
    keyring: { v: 2, account: input.account, identity: input.identity, signing: input.signing },
    keyringRevision: 1,
    device: { id: input.device.id, publicSpki: input.device.signingPublicKey },
  });
  for (const vault of input.vaults) {
    const keyring = await openVaultKeyring(vault.keyring, input.unlocked.accountKey);
    await api.createVault({
      id: vault.id,
      meta: await sealVaultMeta(vaultMetaOf(vault), keyring),
      keys: vault.keyring.keys.map((k) => ({ keyVersion: k.version, blob: encodeVaultKeyEntry(k) })),
    });
  }
  return { token: session.token };
}

/** What a device that already belongs to an account expects of the record a server serves it. */
export interface SignInExpectation {
  /** The account this device belongs to: a server answering for another one is refused. */
  accountId: string;
  /**
   * The account record this device holds: a served record of a lower version (a rollback), or one that
   * no longer reaches a version this one reaches (a `previous` list cut short), is refused
   * (docs/crypto.md §24: the account key version only goes up).
   */
  localAccount?: AccountKeyRecord;
}

/**
 * Signs this device in with the password: pre-login, derive, login, fetch and unlock the account, and
 * certify this device (giving an account from before v2 its identity signing key on the way).
 *
 * Every check of the served record comes before that certification, the first thing that uploads
 * (an identity signing key, a keyring blob, a device certificate — signed with the key of whichever
 * account the record is): the record must be the account the server signed in, the one `expect` names,
 * not behind `expect.localAccount`, and its identity key must open with its account key. A refusal, or
 * any failure after the login, ends the session it made (the device the login registered stays
 * uncertified, so it speaks for nobody) and leaves `api.token` as it was.
 */
export async function signIn(
  api: ApiClient,
  input: { email: string; password: string; device: DeviceRegistration; expect?: SignInExpectation },
): Promise<{ token: string; keyring: IdentityState['keyring']; keyringRevision: number; unlocked: UnlockedAccount }> {
  const { kdf } = await api.prelogin(input.email);
  const { authKey } = await derivePasswordKeys(input.password, kdf);
  const tokenBefore = api.token;
  const session = await api.login({ email: input.email, authKey: toBase64url(authKey), device: input.device });
  api.token = session.token;
  try {
    const account = await api.account();
    const served = decodeAccountKeyring(account.keyring);
    const unlocked = await unlockAccount(input.password, served.account);
    // Nothing below this line may run for a record the checks refuse: ensureIdentity uploads.
    if (session.accountId !== account.accountId || served.account.accountId !== session.accountId) {
      throw new SyncError('bad-response', 'the server answered for another account than the one it signed in; nothing was uploaded');
    }
    if (input.expect && unlocked.accountId !== input.expect.accountId) throw new SyncError('bad-response', 'the server answered for another account; nothing was changed here');
    if (input.expect?.localAccount) refuseRecordBehind(served.account, unlocked.olderKeys, input.expect.localAccount);
    // The identity key must open with the record it came with (directly, or through an older version), or
    // this device would be certified into an account whose team keys it cannot use.
    await rewrapIdentity(served.identity, unlocked.accountId, [...unlocked.olderKeys.values()], unlocked.accountKey);
    const { keyring, keyringRevision } = await ensureIdentity(api, {
      account: unlocked,
      keyring: served,
      keyringRevision: account.keyringRevision,
      device: { id: input.device.id, publicSpki: input.device.signingPublicKey },
    });
    return { token: session.token, keyring, keyringRevision, unlocked };
  } catch (error) {
    // A session this device will not use is ended at once rather than left to expire.
    await api.logout().catch(() => undefined);
    api.token = tokenBefore;
    throw error;
  }
}

/**
 * Refuses a served account record that is older than `local` (`rollback`), or that no longer reaches a
 * version `local` reaches (`bad-response`). `servedOlder`: the older versions the served record opened.
 */
export function refuseRecordBehind(served: AccountKeyRecord, servedOlder: ReadonlyMap<number, AccountKey>, local: AccountKeyRecord): void {
  if (served.keyVersion < local.keyVersion) {
    throw new SyncError('rollback', `the server serves account key version ${served.keyVersion}, older than version ${local.keyVersion} this device holds; nothing was changed here`);
  }
  const reached = new Set([served.keyVersion, ...servedOlder.keys()]);
  const lost = [local.keyVersion, ...(local.previous ?? []).map((p) => p.keyVersion)].filter((v) => !reached.has(v));
  if (lost.length > 0) {
    throw new SyncError('bad-response', `the server's account record no longer reaches account key version${lost.length > 1 ? 's' : ''} ${lost.join(', ')} this device holds; nothing was changed here`);
  }
}

export interface ServerVault {
  id: string;
  /** This member's key versions (wrapped under the account key) that open: the only ones to adopt. */
  entries: VaultKeyEntry[];
  /** The vault's name, when this device could open its meta. */
  name: string | null;
  /** Its key rotation schedule from the same meta (undefined: the default, or the meta did not open). */
  keyRotationDays?: number | null;
  /** Key versions the server holds for this member that do not open: kept aside, asked for again next time. */
  refused: { keyVersion: number; reason: string }[];
}

/**
 * The vaults this account belongs to on the server, with this member's key entries. Each entry is
 * opened before it is handed back, so a junk version (or a junk key in a vault someone else made) is
 * never adopted into a keyring where it would stop the whole vault from opening; it is listed in
 * `refused` instead. A key version that arrives as a share (a team vault's, after an admin rotated
 * its key, or one another device of this member accepted but did not finish re-wrapping) is taken only
 * when an admin of the roster this device verified signed it (anyone can encrypt to a public key: the
 * server could otherwise share a key of its own); it is then re-wrapped under the account key on the
 * server, once, for every device.
 */
export interface ShareTrust {
  identity: IdentityKeyPair;
  /** An admin's identity signing key, from the roster this device verified for the vault; null for anyone else. */
  adminKey(vaultId: string, accountId: string): Promise<IdentityVerifyKey | null>;
}

export async function serverVaults(api: ApiClient, unlocked: SessionAccount, trust?: ShareTrust): Promise<ServerVault[]> {
  const vaults: ServerVault[] = [];
  for (const summary of (await api.vaults()).vaults) {
    const entries: VaultKeyEntry[] = [];
    const refused: ServerVault['refused'] = [];
    let keys: Awaited<ReturnType<ApiClient['vaultKeys']>>['keys'];
    try {
      keys = (await api.vaultKeys(summary.id)).keys;
    } catch (error) {
      // One vault's junk is that vault's warning; the others are still read.
      if (error instanceof SyncError && error.code === 'offline') throw error;
      vaults.push({ id: summary.id, entries: [], name: null, refused: [{ keyVersion: 0, reason: `could not be read from the server's answer (${(error as Error).message})` }] });
      continue;
    }
    for (const k of keys) {
      if (isShareBlob(k.blob)) {
        const adopted = trust ? await adoptShare(api, unlocked, trust, summary.id, k) : null;
        if (adopted === 'later') continue;
        if (adopted) entries.push(adopted);
        else refused.push({ keyVersion: k.keyVersion, reason: 'arrived as a share that no admin of the roster this device verified signed (or that does not open with its identity key)' });
        continue;
      }
      const parsed = vaultKeyEntrySchema.safeParse(safeJson(k.blob));
      if (!parsed.success || parsed.data.version !== k.keyVersion) {
        refused.push({ keyVersion: k.keyVersion, reason: 'not a key entry this client can open' });
        continue;
      }
      const opens = await unwrapVaultKey(parsed.data, unlocked.accountKey, summary.id).then(
        () => true,
        () => false,
      );
      if (opens) entries.push(parsed.data);
      else refused.push({ keyVersion: k.keyVersion, reason: 'does not open with this account key (tampered, or not made for it)' });
    }
    if (entries.length === 0) {
      if (refused.length > 0) vaults.push({ id: summary.id, entries, name: null, refused });
      continue;
    }
    const record: VaultKeyringRecord = { v: 1, vaultId: summary.id, current: Math.max(...entries.map((e) => e.version)), keys: entries };
    const meta = await openVaultKeyring(record, unlocked.accountKey)
      .then((keyring) => openVaultMeta(summary.meta, keyring))
      .catch(() => null);
    vaults.push({ id: summary.id, entries, name: meta?.name ?? null, ...(meta && meta.keyRotationDays !== undefined ? { keyRotationDays: meta.keyRotationDays } : {}), refused });
  }
  return vaults;
}

async function adoptShare(api: ApiClient, unlocked: SessionAccount, trust: ShareTrust, vaultId: string, k: { keyVersion: number; blob: string; revision: number }): Promise<VaultKeyEntry | null | 'later'> {
  const key = await openShare(k.blob, trust.identity, { vaultId, version: k.keyVersion, me: unlocked.accountId }, (accountId) => trust.adminKey(vaultId, accountId));
  if (!key) return null;
  const entry = await vaultKeyEntry(key, unlocked.accountKey, vaultId, k.keyVersion, new Date());
  try {
    await api.putVaultKey(vaultId, unlocked.accountId, k.keyVersion, k.revision, encodeVaultKeyEntry(entry));
    return entry;
  } catch (error) {
    // Another device of this member re-wrapped it meanwhile: take theirs next time round.
    if (error instanceof SyncError && error.code === 'conflict') return 'later';
    throw error;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

