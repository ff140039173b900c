/**
 * wrapKey / unwrapKey: keys sealed under other keys, in the same blob layout as `seal` (aead.ts).
 *
 * Unwrapped keys are non-extractable unless the caller asks otherwise, and only the operations that
 * must re-wrap a key (rotation, password change, sharing) ask. So a key in memory can be used but
 * not read out, and a key that must travel is exported only inside `crypto.subtle.wrapKey`.
 */
import { CryptoError } from '../errors.js';
import type { Aad } from './aad.js';
import { assembleBlob, freshNonce, gcmParams, parseBlob } from './aead.js';
import { AES_GCM_KEY, type WrappingKey } from './keys.js';

type Format = 'raw' | 'pkcs8';

async function wrapAs(format: Format, key: CryptoKey, wrappingKey: WrappingKey, aad: Aad): Promise<Uint8Array<ArrayBuffer>> {
  if (!key.extractable) {
    throw new CryptoError('invalid-argument', 'only an extractable key can be wrapped; unwrap it with { extractable: true } first');
  }
  const nonce = freshNonce();
  const sealed = await crypto.subtle.wrapKey(format, key, wrappingKey, gcmParams(nonce, aad));
  return assembleBlob(nonce, sealed);
}

async function unwrapAs(
  format: Format,
  blob: Uint8Array,
  wrappingKey: WrappingKey,
  aad: Aad,
  algorithm: AlgorithmIdentifier | EcKeyImportParams | AesKeyAlgorithm,
  usages: KeyUsage[],
  extractable: boolean,
): Promise<CryptoKey> {
  const { nonce, sealed } = parseBlob(blob);
  try {
    return await crypto.subtle.unwrapKey(format, sealed, wrappingKey, gcmParams(nonce, aad), algorithm, extractable, usages);
  } catch {
    throw new CryptoError('tampered', 'wrapped key failed authentication: it was altered, moved, or wrapped under another key');
  }
}

/** Wraps a 256-bit AES key (account, vault or data key). */
export function wrapAesKey(key: CryptoKey, wrappingKey: WrappingKey, aad: Aad): Promise<Uint8Array<ArrayBuffer>> {
  return wrapAs('raw', key, wrappingKey, aad);
}

export async function unwrapAesKey(
  blob: Uint8Array,
  wrappingKey: WrappingKey,
  aad: Aad,
  usages: KeyUsage[],
  extractable = false,
): Promise<CryptoKey> {
  const key = await unwrapAs('raw', blob, wrappingKey, aad, AES_GCM_KEY, usages, extractable);
  if ((key.algorithm as AesKeyAlgorithm).length !== 256) {
    throw new CryptoError('bad-format', 'wrapped key is not a 256-bit AES key');
  }
  return key;
}

/** Wraps an EC private key as PKCS #8 (identity and CLI device keys). */
export function wrapPrivateKey(key: CryptoKey, wrappingKey: WrappingKey, aad: Aad): Promise<Uint8Array<ArrayBuffer>> {
  return wrapAs('pkcs8', key, wrappingKey, aad);
}

export function unwrapPrivateKey(
  blob: Uint8Array,
  wrappingKey: WrappingKey,
  aad: Aad,
  algorithm: EcKeyImportParams,
  usages: KeyUsage[],
  extractable = false,
): Promise<CryptoKey> {
  return unwrapAs('pkcs8', blob, wrappingKey, aad, algorithm, usages, extractable);
}

/** A fresh random AES-256 key: extractable, because its only purpose at birth is to be wrapped. */
export function generateAesKey(usages: KeyUsage[]): Promise<CryptoKey> {
  return crypto.subtle.generateKey(AES_GCM_KEY, true, usages);
}
