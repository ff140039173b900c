/**
 * Byte <-> text conversions used at the edges of the core. Crypto functions take and return bytes;
 * base64url (RFC 4648 §5, no padding) and UTF-8 happen here and nowhere else.
 */
import { base64urlnopad, hex } from '@scure/base';
import { CryptoError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('bad-format', 'bytes are not valid UTF-8');
  }
}

/** RFC 4648 §5 without padding. @scure/base is strict: it refuses padding, other alphabets and non-zero
 * trailing bits, so one string names exactly one byte string. */
export function toBase64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(base64urlnopad.decode(text));
  } catch {
    throw new CryptoError('bad-format', 'value is not canonical unpadded base64url');
  }
}

type FromBase64 = (text: string, options: { alphabet: 'base64url'; lastChunkHandling: 'loose' }) => Uint8Array<ArrayBuffer>;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64?.bind(Uint8Array);

/** Each base64url character's 6-bit value, by char code (the text is checked against the alphabet first). */
const B64URL = (() => {
  const table = new Uint8Array(128);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

export function toHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(hex.decode(text.toLowerCase()));
  } catch {
    throw new CryptoError('bad-format', 'value is not hex');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Compares two byte strings in time that depends only on their lengths, for secrets and verifiers
 * (a short-circuiting compare would tell an attacker how many leading bytes they guessed right).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * base64url for large blobs whose bytes an AEAD authenticates anyway (the sealed summary index): the
 * platform's btoa/atob, about ten times faster than the strict codec above on megabytes, and lenient
 * about non-zero trailing bits, which cannot matter when the bytes must open under a key.
 */
export function toBase64urlBulk(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64urlBulk(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new CryptoError('bad-format', 'value is not unpadded base64url');
  // The built-in decoder (Chromium 140+, Firefox 133+) skips the binary string and the copy loop:
  // about a fifth of the time on a 5 MB index. Node 20 has none yet.
  if (nativeFromBase64) return nativeFromBase64(text, { alphabet: 'base64url', lastChunkHandling: 'loose' });
  // Straight from the text through a table: atob's binary string, the two replaces and the copy loop
  // were a tenth of `keyhaven get` on a 10 000-item vault (Node 20 has no native decoder).
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  const whole = text.length - (text.length % 4);
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const n = (B64URL[text.charCodeAt(i)]! << 18) | (B64URL[text.charCodeAt(i + 1)]! << 12) | (B64URL[text.charCodeAt(i + 2)]! << 6) | B64URL[text.charCodeAt(i + 3)]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  // The last 2 or 3 characters carry 1 or 2 bytes; their left-over bits are dropped, as atob drops them.
  if (text.length - whole >= 2) {
    const n = (B64URL[text.charCodeAt(whole)]! << 18) | (B64URL[text.charCodeAt(whole + 1)]! << 12) | ((B64URL[text.charCodeAt(whole + 2)] ?? 0) << 6);
    out[o++] = n >> 16;
    if (text.length - whole === 3) out[o++] = (n >> 8) & 0xff;
  }
  return out;
}
