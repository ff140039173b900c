/**
 * The AEAD blob: `0x01 ‖ nonce(12) ‖ ciphertext ‖ tag(16)`, AES-256-GCM (NIST SP 800-38D).
 *
 * Every call draws a fresh random 96-bit nonce; callers cannot supply one, so a key and nonce pair is
 * never reused by mistake. With random nonces, one key stays within SP 800-38D §8.3's bound of 2^32
 * invocations; DEKs are single-use and the long-lived keys seal far fewer blobs than that.
 * Wrapping (`wrapKey`) produces the same layout: WebCrypto's AES-GCM wrap is an encryption of the
 * exported key bytes, so one parser serves both.
 */
import { CryptoError } from '../errors.js';
import { concatBytes, utf8 } from '../encoding.js';
import type { Aad } from './aad.js';
import type { SealingKey } from './keys.js';
import { randomBytes } from './random.js';

export const BLOB_VERSION = 0x01;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;

export interface ParsedBlob {
  nonce: Uint8Array<ArrayBuffer>;
  /** Ciphertext followed by the tag, as WebCrypto expects it. */
  sealed: Uint8Array<ArrayBuffer>;
}

export function parseBlob(blob: Uint8Array): ParsedBlob {
  if (blob.length < HEADER_BYTES + TAG_BYTES) {
    throw new CryptoError('bad-format', `blob is ${blob.length} bytes; the smallest valid blob is ${HEADER_BYTES + TAG_BYTES}`);
  }
  if (blob[0] !== BLOB_VERSION) {
    throw new CryptoError('bad-format', `blob version byte is 0x${blob[0]!.toString(16).padStart(2, '0')}; expected 0x01`);
  }
  return { nonce: blob.slice(1, HEADER_BYTES), sealed: blob.slice(HEADER_BYTES) };
}

export function gcmParams(nonce: Uint8Array<ArrayBuffer>, aad: Aad): AesGcmParams {
  return { name: 'AES-GCM', iv: nonce, additionalData: utf8(aad), tagLength: TAG_BYTES * 8 };
}

export function assembleBlob(nonce: Uint8Array, sealed: ArrayBuffer): Uint8Array<ArrayBuffer> {
  return concatBytes(Uint8Array.of(BLOB_VERSION), nonce, new Uint8Array(sealed));
}

export function freshNonce(): Uint8Array<ArrayBuffer> {
  return randomBytes(NONCE_BYTES);
}

export async function seal(key: SealingKey, plaintext: Uint8Array<ArrayBuffer>, aad: Aad): Promise<Uint8Array<ArrayBuffer>> {
  const nonce = freshNonce();
  const sealed = await crypto.subtle.encrypt(gcmParams(nonce, aad), key, plaintext);
  return assembleBlob(nonce, sealed);
}

export async function open(key: SealingKey, blob: Uint8Array, aad: Aad): Promise<Uint8Array<ArrayBuffer>> {
  const { nonce, sealed } = parseBlob(blob);
  try {
    return new Uint8Array(await crypto.subtle.decrypt(gcmParams(nonce, aad), key, sealed));
  } catch {
    // WebCrypto reports every authentication failure as one OperationError; which input was altered
    // (ciphertext, tag, nonce, AAD context or key) is deliberately indistinguishable.
    throw new CryptoError('tampered', 'ciphertext failed authentication: it was altered, moved, or sealed under another key');
  }
}
