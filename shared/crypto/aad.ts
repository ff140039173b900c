/**
 * Every associated-data string and every HKDF info string KeyHaven uses, on one screen.
 *
 * An AAD names what a ciphertext is and where it belongs. It is rebuilt by the reader from context and
 * never stored, so a blob moved to another item, vault, account or key version fails to open
 * (DESIGN §4). `Aad` is branded: a plain string cannot be passed where an AAD is expected, so every
 * AEAD call site has to go through one of these builders.
 */
import { CryptoError } from '../errors.js';

declare const aadBrand: unique symbol;
export type Aad = string & { readonly [aadBrand]: true };

const PREFIX = 'keyhaven:v1';
const PREFIX_V2 = 'keyhaven:v2';

/** HKDF info strings (RFC 5869 §2.3 "info"): one per derived key, never reused for another purpose. */
export const HKDF_INFO = {
  kek: `${PREFIX}:kek`,
  auth: `${PREFIX}:auth`,
  verifier: `${PREFIX}:verifier`,
  backup: `${PREFIX}:backup`,
  /** An access token's two halves (docs/crypto.md §25): what the server checks, and what only the token holder can derive. */
  tokenCredential: `${PREFIX_V2}:token:credential`,
  tokenKey: `${PREFIX_V2}:token:key`,
} as const;

// Ids are UUIDs or base64url; ':' would let two different contexts build the same string.
function part(name: string, value: string | number): string {
  const text = String(value);
  if (text.length === 0 || text.length > 200 || !/^[A-Za-z0-9_.-]+$/.test(text)) {
    throw new CryptoError('invalid-argument', `"${name}" must be 1-200 characters of [A-Za-z0-9_.-]`);
  }
  return text;
}

function version(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new CryptoError('invalid-argument', `"${name}" must be a positive integer`);
  }
  return value;
}

const build = (...parts: string[]) => [PREFIX, ...parts].join(':') as Aad;
const buildV2 = (...parts: string[]) => [PREFIX_V2, ...parts].join(':') as Aad;

export const aad = {
  /** The account key, wrapped under the password-derived KEK. */
  accountKey: (accountId: string, keyVersion: number) =>
    build('account-key', part('accountId', accountId), String(version('keyVersion', keyVersion))),

  /**
   * An older version of the account key, wrapped under the current one and kept in the account key
   * record after a rotation, so data still under it keeps opening until it is re-wrapped (docs/crypto.md §5, §24).
   */
  previousAccountKey: (accountId: string, keyVersion: number) =>
    build('previous-account-key', part('accountId', accountId), String(version('keyVersion', keyVersion))),

  /** The next account key, wrapped under the current one in a device's pending rotation state (never sent). */
  nextAccountKey: (accountId: string, keyVersion: number) =>
    build('next-account-key', part('accountId', accountId), String(version('keyVersion', keyVersion))),

  /** A personal vault's key, wrapped under the account key. */
  vaultKey: (vaultId: string, keyVersion: number) =>
    build('vault-key', part('vaultId', vaultId), String(version('keyVersion', keyVersion))),

  /** The identity (ECDH) private key, wrapped under the account key. */
  identityKey: (accountId: string) => build('identity-key', part('accountId', accountId)),

  /** A device's ECDSA signing key, wrapped under the account key (CLI homes; browsers keep a CryptoKey). */
  deviceKey: (accountId: string, deviceId: string) =>
    build('device-key', part('accountId', accountId), part('deviceId', deviceId)),

  /** An item's data-encryption key, wrapped under one version of its vault's key. */
  dek: (vaultId: string, itemId: string, keyVersion: number) =>
    build('dek', part('vaultId', vaultId), part('itemId', itemId), String(version('keyVersion', keyVersion))),

  /** An item's payload, sealed under its DEK. The key version is bound through the DEK's own AAD. */
  item: (vaultId: string, itemId: string) => build('item', part('vaultId', vaultId), part('itemId', itemId)),

  /**
   * A vault key wrapped for a member (ECDH-ES). Also the HKDF info of the share key, as DESIGN §4 says,
   * so the derived key and the ciphertext are both bound to the vault and the key version.
   */
  share: (vaultId: string, keyVersion: number) =>
    build('share', part('vaultId', vaultId), String(version('keyVersion', keyVersion))),

  /** The encrypted detail of an audit entry, bound to its vault and its place in the chain. */
  auditDetail: (vaultId: string, seq: number) =>
    build('audit-detail', part('vaultId', vaultId), String(version('seq', seq))),

  /** A vault's metadata (its name), sealed under the vault key, bound to the vault. */
  vaultMeta: (vaultId: string, keyVersion: number) =>
    build('vault-meta', part('vaultId', vaultId), String(version('keyVersion', keyVersion))),

  /**
   * A vault's summary index (names, providers, tags, health facts; never values), sealed under the
   * account key as a local cache (docs/crypto.md §26). Never sent anywhere.
   */
  summaryIndex: (accountId: string, vaultId: string) => buildV2('summary-index', part('accountId', accountId), part('vaultId', vaultId)),

  /** A secret the CLI keeps in its home folder (the session token), sealed under the account key. */
  localSecret: (accountId: string, name: string) => build('local-secret', part('accountId', accountId), part('name', name)),

  /**
   * The identity signing key (PKCS #8), wrapped under the account key and bound to its own public key
   * (`spkiDigest`: base64url SHA-256 of the SPKI), so a server that swaps the public key in the keyring
   * blob makes the private key fail to open instead of being believed (v2).
   */
  signingKey: (accountId: string, spkiDigest: string) => buildV2('signing-key', part('accountId', accountId), part('spkiDigest', spkiDigest)),

  /** The detail of a v2 audit entry, bound to its vault and its own id (its place is the server's to give). */
  auditDetailV2: (vaultId: string, entryId: string) => buildV2('audit-detail', part('vaultId', vaultId), part('entryId', entryId)),

  /** A team vault's signed member roster (v2), bound to its vault and its revision (docs/crypto.md §23). */
  roster: (vaultId: string, revision: number) => buildV2('roster', part('vaultId', vaultId), String(version('revision', revision))),

  /** An account's team memory (v2): what its devices verified about team vaults, kept on the server (docs/crypto.md §23). */
  teamMemory: (accountId: string) => buildV2('team-memory', part('accountId', accountId)),

  /**
   * An access token's description for the vault's members (its key included), sealed under the vault
   * key version `kv`, bound to the vault, the token and the version (docs/crypto.md §25).
   */
  accessToken: (vaultId: string, tokenId: string, keyVersion: number) =>
    buildV2('access-token', part('vaultId', vaultId), part('tokenId', tokenId), String(version('keyVersion', keyVersion))),

  /** The same description as the token itself reads it (no key), sealed under the token key. */
  tokenView: (vaultId: string, tokenId: string) => buildV2('token-view', part('vaultId', vaultId), part('tokenId', tokenId)),

  /** A vault key version wrapped under a vault-wide token's key. */
  tokenVaultKey: (vaultId: string, tokenId: string, keyVersion: number) =>
    buildV2('token-vault-key', part('vaultId', vaultId), part('tokenId', tokenId), String(version('keyVersion', keyVersion))),

  /** One revision's DEK wrapped under a narrowed token's key: the token opens exactly that write of that item. */
  tokenDek: (vaultId: string, tokenId: string, itemId: string, revision: number) =>
    buildV2('token-dek', part('vaultId', vaultId), part('tokenId', tokenId), part('itemId', itemId), String(version('revision', revision))),

  /** The body of an encrypted backup file, bound to the file's id. */
  backup: (backupId: string) => build('backup', part('backupId', backupId)),
} as const;
