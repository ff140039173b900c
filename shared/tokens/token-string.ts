/**
 * The text of an access token (docs/crypto.md §25): `kh_`, its 32-byte secret in base62 (43
 * characters), then the CRC32 of everything before in base62 (6 characters), 52 characters in all.
 *
 * The shape is GitHub's, so secret scanners and KeyHaven's own detector recognise a token and can tell
 * a real one from a look-alike without asking anyone; the checksum also catches a token cut short or
 * mistyped before it reaches the server. It is not a security measure: the secret is.
 */
import { CryptoError } from '../errors.js';
import { randomBytes } from '../crypto/random.js';
import { checkDigits, hasValidChecksum } from '../detect/checksum.js';

export const TOKEN_PREFIX = 'kh_';
const SECRET_BYTES = 32;
const SECRET_CHARS = 43;
const CHECK_CHARS = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + SECRET_CHARS + CHECK_CHARS;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** What a scanner can look for; the checksum then says whether it is one. */
export const TOKEN_PATTERN = /\bkh_[0-9A-Za-z]{49}\b/;

function secretToBase62(secret: Uint8Array): string {
  let n = 0n;
  for (const byte of secret) n = (n << 8n) | BigInt(byte);
  let out = '';
  for (; n > 0n; n /= 62n) out = ALPHABET[Number(n % 62n)] + out;
  return out.padStart(SECRET_CHARS, '0');
}

function base62ToSecret(text: string): Uint8Array<ArrayBuffer> | null {
  let n = 0n;
  for (const char of text) n = n * 62n + BigInt(ALPHABET.indexOf(char));
  if (n >> 256n !== 0n) return null;
  const out = new Uint8Array(SECRET_BYTES);
  for (let i = SECRET_BYTES - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** A token's text for `secret` (32 bytes). */
export function formatToken(secret: Uint8Array): string {
  if (secret.length !== SECRET_BYTES) throw new CryptoError('invalid-argument', 'a token secret is 32 bytes');
  const body = TOKEN_PREFIX + secretToBase62(secret);
  return body + checkDigits('keyhaven-crc32', body);
}

/** A fresh secret and its text. */
export function newTokenSecret(): { secret: Uint8Array<ArrayBuffer>; text: string } {
  const secret = randomBytes(SECRET_BYTES);
  return { secret, text: formatToken(secret) };
}

/** Whether `text` has a token's shape and checksum (what a scanner asks; says nothing of its validity). */
export function looksLikeToken(text: string): boolean {
  return text.length === TOKEN_LENGTH && TOKEN_PATTERN.test(text) && hasValidChecksum('keyhaven-crc32', text);
}

/**
 * The secret inside a token's text. Surrounding whitespace (a pasted line, a file's newline) is
 * ignored; anything else that is not exactly a token is refused, saying what is wrong, never echoing it.
 */
export function parseToken(input: string): Uint8Array<ArrayBuffer> {
  const text = input.trim();
  if (!text.startsWith(TOKEN_PREFIX)) throw new CryptoError('bad-format', 'this is not a KeyHaven access token: a token starts with "kh_"');
  if (text.length !== TOKEN_LENGTH) throw new CryptoError('bad-format', `an access token is ${TOKEN_LENGTH} characters; this one has ${text.length} (cut short or joined to something?)`);
  if (!/^[0-9A-Za-z]+$/.test(text.slice(TOKEN_PREFIX.length))) throw new CryptoError('bad-format', 'an access token has only letters and digits after "kh_"');
  if (!looksLikeToken(text)) throw new CryptoError('bad-format', 'the access token’s checksum does not match: it was mistyped or altered');
  const secret = base62ToSecret(text.slice(TOKEN_PREFIX.length, -CHECK_CHARS));
  if (!secret) throw new CryptoError('bad-format', 'the access token’s secret is out of range');
  return secret;
}
