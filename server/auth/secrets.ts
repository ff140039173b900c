/**
 * Server-side secrets: the slow hash of a client's auth key, session tokens, and the stable fake KDF
 * parameters that pre-login returns for unknown emails.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { KdfParams } from '../../shared/crypto/kdf.js';
import { PBKDF2_DEFAULT_ITERATIONS } from '../../shared/crypto/kdf.js';
import { toBase64url } from '../../shared/encoding.js';

const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// RFC 7914 parameters. The auth key is already a 256-bit PBKDF2-derived value, so this is a second wall
// for a stolen table, not the only one; N = 2^15 costs ~30–60 ms per login on these machines.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

export async function hashAuthKey(authKey: Buffer): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(authKey, salt, HASH_BYTES, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyAuthKey(authKey: Buffer, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(authKey, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the email is unknown, so that both paths cost one scrypt. */
let dummyHash: Promise<string> | undefined;
export function dummyAuthHash(): Promise<string> {
  dummyHash ??= hashAuthKey(randomBytes(32));
  return dummyHash;
}

export function newSessionToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/** Tokens are 256-bit random values, so a fast hash is enough: there is nothing to guess offline. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Pre-login answer for an email with no account: the default parameters and a salt that is an HMAC of
 * the email under a server secret, so repeated requests see the same answer as for a real account and
 * the response does not reveal whether the email is registered.
 */
export function fakeKdfParams(serverSecret: Buffer, email: string): KdfParams {
  const salt = createHmac('sha256', serverSecret).update(`prelogin:${email}`).digest().subarray(0, 16);
  return { alg: 'PBKDF2-SHA256', iterations: PBKDF2_DEFAULT_ITERATIONS, salt: toBase64url(salt) };
}
