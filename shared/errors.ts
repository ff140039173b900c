/**
 * The core's typed errors. One class per layer, each with a small union of codes that callers switch
 * on; the message is for a developer reading a log or a terminal, and never contains secret material.
 */

export type CryptoErrorCode =
  /** Authentication failed: the ciphertext, its AAD context or the key is not what was sealed. */
  | 'tampered'
  /** The password does not match the account or backup (checked before anything is decrypted). */
  | 'wrong-password'
  /** KDF parameters below the client's minimum: refused so a server cannot downgrade the work factor. */
  | 'weak-kdf'
  /** Bytes or JSON that are not a KeyHaven structure at all (wrong version byte, too short, bad shape). */
  | 'bad-format'
  /** A blob refers to a key version this keyring does not hold (retired, or never received). */
  | 'unknown-key-version'
  /** A caller passed an argument no valid use would pass (empty password, wrong key length, …). */
  | 'invalid-argument';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type VaultErrorCode =
  /** Item data that does not satisfy the payload schema. */
  | 'invalid-item'
  /** An operation that makes no sense in the item's current state (revoking a revoked key, …). */
  | 'invalid-state'
  /** A key version is still referenced by at least one item and cannot be retired. */
  | 'key-version-in-use'
  /** Input to an import or an operation that cannot be used (the message says which part and why). */
  | 'invalid-input'
  /** Another writer kept changing the same record while this operation tried to update it. */
  | 'concurrent-change'
  /** A teammate's key that the user has not confirmed by fingerprint, or that changed since they did. */
  | 'unverified'
  /** The user's role in a team vault does not allow this (viewer writing, non-admin managing members). */
  | 'forbidden';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type SyncErrorCode =
  /** The server could not be reached (no network, refused, timed out): work stays queued. */
  | 'offline'
  /** The session is missing, expired or revoked: sign in again. */
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  /** A revision or id conflict the caller must resolve (fetch, merge, retry). */
  | 'conflict'
  | 'rate-limited'
  /** The server failed (5xx); retry later. */
  | 'server-error'
  /** The server answered something that is not the protocol (refused, not trusted). */
  | 'bad-response'
  /** The server served an item or audit chain older than one this device has already seen. */
  | 'rollback'
  /** The server refused the request as invalid (4xx); retrying the same request will not help. */
  | 'rejected';

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    /** The server's own error code and details, when it sent one. */
    readonly server?: { code: string; details?: unknown },
  ) {
    super(message);
  }
}

/**
 * What an audited failure records: the error's class and code, never its message (which may carry a
 * server's words or a detail that does not belong in a signed, shared log).
 */
export function failureCode(error: unknown): string {
  if (error instanceof SyncError || error instanceof VaultError || error instanceof CryptoError) return `${error.name}:${error.code}`;
  return 'unexpected';
}
