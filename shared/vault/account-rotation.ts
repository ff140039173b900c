/**
 * Account-key rotation, the part that is only cryptography (DESIGN §5, docs/crypto.md §5 and §24): a new
 * account key version sealed under the same password (with a fresh salt, as every re-wrap), every older
 * version wrapped under it so that data not yet moved keeps opening, and the re-wrap of what the account
 * key protects — vault key entries, the identity key, the identity signing key, a CLI's device key.
 *
 * What is wrapped under the account key does not name the account key's version in its AAD: a reader
 * tries the current version, then the older ones, and AES-GCM's tag says which one it was. A re-wrap
 * keeps the AAD, so a blob stays bound to what it is and where it belongs.
 */
import { CryptoError } from '../errors.js';
import { constantTimeEqual, fromBase64url, toBase64url } from '../encoding.js';
import { aad, type Aad } from '../crypto/aad.js';
import { derivePasswordKeys, newKdfParams } from '../crypto/kdf.js';
import { P256_ECDH, P256_ECDSA, type AccountKey } from '../crypto/keys.js';
import { spkiDigest, type SigningIdentityRecord } from '../crypto/signing-identity.js';
import { ACCOUNT_KEY_USAGES, VAULT_KEY_USAGES } from '../crypto/usages.js';
import { generateAesKey, unwrapAesKey, unwrapPrivateKey, wrapAesKey, wrapPrivateKey } from '../crypto/wrap.js';
import { parseOrThrow } from '../util/parse.js';
import { accountKeyRecordSchema, openWithKeys, passwordKeysFor, sealAccountKey, type AccountKeyRecord } from './account.js';
import type { VaultKeyEntry, VaultKeyringRecord } from './keyring.js';

const MAX_OLDER_VERSIONS = 100;

export interface NextAccountKey {
  /** Version n+1 under the password, with versions 1..n wrapped under it. */
  record: AccountKeyRecord;
  /** The new key, extractable: a pending rotation keeps it wrapped under the current key until it is done. */
  key: AccountKey;
  /** The current key and its older versions, extractable, to wrap under the new one. */
  from: AccountKey[];
  /** The login key for the current record, which the server asks for before it takes the new one. */
  currentAuthKey: Uint8Array<ArrayBuffer>;
  /** The login key for the new record's KDF parameters. */
  authKey: Uint8Array<ArrayBuffer>;
}

/** A new account key version for this record; the password proves the user asked for it. */
export async function nextAccountKey(input: unknown, password: string): Promise<NextAccountKey> {
  const record = parseOrThrow(accountKeyRecordSchema, input, 'account key record');
  const currentKeys = await passwordKeysFor(password, record);
  const current = await openWithKeys(record, currentKeys, true);
  const key = (await generateAesKey([...ACCOUNT_KEY_USAGES])) as AccountKey;
  const keyVersion = record.keyVersion + 1;
  const olderVersions = [[record.keyVersion, current.accountKey] as const, ...current.olderKeys];
  // The record keeps at most 100 older versions (a reader refuses more): refuse rather than write one nobody opens.
  if (olderVersions.length > MAX_OLDER_VERSIONS) throw new CryptoError('invalid-argument', `the account key was rotated ${record.keyVersion - 1} times; the record holds at most ${MAX_OLDER_VERSIONS} older versions`);
  const previous = [];
  for (const [version, older] of olderVersions) {
    previous.push({ keyVersion: version, wrappedKey: toBase64url(await wrapAesKey(older, key, aad.previousAccountKey(record.accountId, version))) });
  }
  const kdf = newKdfParams(record.kdf.iterations);
  const keys = await derivePasswordKeys(password, kdf);
  return {
    record: await sealAccountKey(key, keys, { accountId: record.accountId, keyVersion, kdf, previous }),
    key,
    from: olderVersions.map(([, k]) => k),
    currentAuthKey: currentKeys.authKey,
    authKey: keys.authKey,
  };
}

/** The next key as a pending rotation keeps it on the device: wrapped under the current account key. */
export async function wrapNextAccountKey(next: AccountKey, current: AccountKey, accountId: string, version: number): Promise<string> {
  return toBase64url(await wrapAesKey(next, current, aad.nextAccountKey(accountId, version)));
}

export async function unwrapNextAccountKey(wrapped: string, current: AccountKey, accountId: string, version: number): Promise<AccountKey> {
  return (await unwrapAesKey(fromBase64url(wrapped), current, aad.nextAccountKey(accountId, version), [...ACCOUNT_KEY_USAGES], true)) as AccountKey;
}

/** The first of `keys` that opens the blob, extractable; `tampered` when none does. */
async function unwrapWithAny(keys: readonly AccountKey[], open: (key: AccountKey) => Promise<CryptoKey>): Promise<CryptoKey> {
  for (const key of keys) {
    const opened = await open(key).catch(() => null);
    if (opened) return opened;
  }
  throw new CryptoError('tampered', 'does not open with any version of this account key');
}

/** Re-wrapped under `to` (unchanged when `to` already opens it); its version and age stay. */
export async function rewrapVaultKeyEntry(entry: VaultKeyEntry, vaultId: string, from: readonly AccountKey[], to: AccountKey): Promise<VaultKeyEntry> {
  const context = aad.vaultKey(vaultId, entry.version);
  const blob = fromBase64url(entry.wrappedKey);
  if (await unwrapAesKey(blob, to, context, [...VAULT_KEY_USAGES]).then(() => true, () => false)) return entry;
  const key = await unwrapWithAny(from, (k) => unwrapAesKey(blob, k, context, [...VAULT_KEY_USAGES], true));
  return { ...entry, wrappedKey: toBase64url(await wrapAesKey(key, to, context)) };
}

async function rewrapPrivate(wrapped: string, context: Aad, algorithm: EcKeyImportParams, usages: KeyUsage[], from: readonly AccountKey[], to: AccountKey): Promise<string> {
  const blob = fromBase64url(wrapped);
  if (await unwrapPrivateKey(blob, to, context, algorithm, usages).then(() => true, () => false)) return wrapped;
  const key = await unwrapWithAny(from, (k) => unwrapPrivateKey(blob, k, context, algorithm, usages, true));
  return toBase64url(await wrapPrivateKey(key, to, context));
}

export async function rewrapIdentity<T extends { publicSpki: string; wrappedPrivateKey: string }>(identity: T, accountId: string, from: readonly AccountKey[], to: AccountKey): Promise<T> {
  return { ...identity, wrappedPrivateKey: await rewrapPrivate(identity.wrappedPrivateKey, aad.identityKey(accountId), P256_ECDH, ['deriveBits'], from, to) };
}

export async function rewrapSigningIdentity(record: SigningIdentityRecord, accountId: string, from: readonly AccountKey[], to: AccountKey): Promise<SigningIdentityRecord> {
  const context = aad.signingKey(accountId, await spkiDigest(fromBase64url(record.publicSpki)));
  return { ...record, wrappedPrivateKey: await rewrapPrivate(record.wrappedPrivateKey, context, P256_ECDSA, ['sign'], from, to) };
}

/** A CLI's device signing key (browsers keep theirs as a non-extractable CryptoKey, under no account key). */
export async function rewrapDeviceKey(wrapped: string, accountId: string, deviceId: string, from: readonly AccountKey[], to: AccountKey): Promise<string> {
  return rewrapPrivate(wrapped, aad.deviceKey(accountId, deviceId), P256_ECDSA, ['sign'], from, to);
}

/**
 * Every version in a vault's keyring, re-wrapped under `to`. Where the server already holds a version
 * under `to` that wraps the very same key, its copy is taken instead of a fresh one: the two stay
 * byte-equal, as the vault directory compares them (a different copy would read as a swapped key).
 * A served copy is taken only when it opens under `to`: one byte-equal to this device's but still under
 * an older version (a move the server withheld, or a rotation cut before its step 3) would leave the
 * keyring under a key the new record does not open directly, and the vault unreadable here.
 */
export async function rewrapVaultKeyring(record: VaultKeyringRecord, from: readonly AccountKey[], to: AccountKey, served: readonly VaultKeyEntry[] = []): Promise<VaultKeyringRecord> {
  const keys = [];
  for (const entry of record.keys) {
    const theirs = served.find((s) => s.version === entry.version);
    if (theirs && (await servedCopyMatches(entry, theirs, record.vaultId, from, to))) keys.push(theirs);
    else keys.push(await rewrapVaultKeyEntry(entry, record.vaultId, from, to));
  }
  return { ...record, keys };
}

/**
 * Whether two entries of one vault key version wrap the same vault key, each opened with the first of
 * its own account key versions that opens it; false when either opens with none. The raw keys never
 * leave this function.
 */
export async function sameVaultKey(vaultId: string, a: { entry: VaultKeyEntry; keys: readonly AccountKey[] }, b: { entry: VaultKeyEntry; keys: readonly AccountKey[] }): Promise<boolean> {
  if (a.entry.version !== b.entry.version) return false;
  const [x, y] = await Promise.all([vaultKeyBytes(a.entry, vaultId, a.keys), vaultKeyBytes(b.entry, vaultId, b.keys)]);
  return x !== null && y !== null && constantTimeEqual(x, y);
}

async function vaultKeyBytes(entry: VaultKeyEntry, vaultId: string, keys: readonly AccountKey[]): Promise<Uint8Array | null> {
  const context = aad.vaultKey(vaultId, entry.version);
  const key = await unwrapWithAny(keys, (k) => unwrapAesKey(fromBase64url(entry.wrappedKey), k, context, [...VAULT_KEY_USAGES], true)).catch(() => null);
  return key && new Uint8Array(await crypto.subtle.exportKey('raw', key));
}

/**
 * Whether `theirs` opens under `to` and wraps the same key as `mine` (which must open under `to` or
 * `from`: else `tampered`), at the same version: a served copy a device may take in place of its own.
 * The rotation's re-wrap and the vault directory (`sameServerCopies`) decide with it.
 */
export async function servedCopyMatches(mine: VaultKeyEntry, theirs: VaultKeyEntry, vaultId: string, from: readonly AccountKey[], to: AccountKey): Promise<boolean> {
  const a = await vaultKeyBytes(mine, vaultId, [to, ...from]);
  if (!a) throw new CryptoError('tampered', 'does not open with any version of this account key');
  const b = theirs.version === mine.version ? await vaultKeyBytes(theirs, vaultId, [to]) : null;
  return b !== null && constantTimeEqual(a, b);
}
