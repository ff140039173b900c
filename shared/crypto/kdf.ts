/**
 * Password → keys. PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) stretches the NFKC-normalised password into a
 * 32-byte master secret; HKDF-SHA256 (RFC 5869) splits it into independent keys by info string.
 *
 * The parameters travel as data (`KdfParams`) with the account or backup they protect, so iterations
 * can be raised later without a new format. A client refuses parameters below its minimum: a server
 * (or a doctored backup) cannot talk it into a cheaper derivation.
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { fromBase64url, toBase64url, utf8 } from '../encoding.js';
import { HKDF_INFO } from './aad.js';
import { AES_GCM_KEY, type BackupKey, type Kek, type MasterSecret } from './keys.js';
import { randomBytes } from './random.js';

import { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from './kdf-limits.js';

export { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS };
export const SALT_BYTES = 16;
export const VERIFIER_BYTES = 16;

export const kdfParamsSchema = z.strictObject({
  alg: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int(),
  salt: z.string(),
});
export type KdfParams = z.infer<typeof kdfParamsSchema>;

export function newKdfParams(iterations: number = PBKDF2_DEFAULT_ITERATIONS): KdfParams {
  return checkKdfParams({ alg: 'PBKDF2-SHA256', iterations, salt: toBase64url(randomBytes(SALT_BYTES)) });
}

/** Validates parameters from storage or the network; returns them typed or throws a CryptoError. */
export function checkKdfParams(input: unknown): KdfParams {
  const parsed = kdfParamsSchema.safeParse(input);
  if (!parsed.success) throw new CryptoError('bad-format', 'KDF parameters are not {alg: "PBKDF2-SHA256", iterations, salt}');
  const params = parsed.data;
  if (params.iterations < PBKDF2_MIN_ITERATIONS) {
    throw new CryptoError('weak-kdf', `"iterations" must be >= ${PBKDF2_MIN_ITERATIONS}; got ${params.iterations}`);
  }
  if (params.iterations > PBKDF2_MAX_ITERATIONS) {
    throw new CryptoError('invalid-argument', `"iterations" must be <= ${PBKDF2_MAX_ITERATIONS}; got ${params.iterations}`);
  }
  if (fromBase64url(params.salt).length !== SALT_BYTES) {
    throw new CryptoError('bad-format', `"salt" must be ${SALT_BYTES} bytes`);
  }
  return params;
}

/** KDF parameters that also pass the client's limits: for the protocol, so a server stores no weak ones. */
export const acceptableKdfParamsSchema = kdfParamsSchema.superRefine((params, ctx) => {
  try {
    checkKdfParams(params);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** NFKC so that the same password typed on two keyboards (composed vs decomposed é) derives one key. */
export function normalizePassword(password: string): Uint8Array<ArrayBuffer> {
  if (password.length === 0) throw new CryptoError('invalid-argument', 'the password is empty');
  return utf8(password.normalize('NFKC'));
}

/**
 * Raw PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), with no minimum: the known-answer vectors run through it.
 * Product code reaches it only via `deriveMasterSecret`, which enforces the parameter checks.
 */
export async function pbkdf2Sha256(
  password: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const passwordKey = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, passwordKey, length * 8));
}

/** PBKDF2 output as an HKDF base key; the raw bits never leave this function. */
export async function deriveMasterSecret(password: string, input: KdfParams): Promise<MasterSecret> {
  const params = checkKdfParams(input);
  const bits = await pbkdf2Sha256(normalizePassword(password), fromBase64url(params.salt), params.iterations, 32);
  try {
    return (await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveBits', 'deriveKey'])) as MasterSecret;
  } finally {
    bits.fill(0);
  }
}

/** RFC 5869 with a zero-length salt (§2.2: treated as HashLen zero bytes); the info string separates keys. */
function hkdfParams(info: string | Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer> = new Uint8Array(0)): HkdfParams {
  return { name: 'HKDF', hash: 'SHA-256', salt, info: typeof info === 'string' ? utf8(info) : info };
}

export async function hkdfBytes(
  base: CryptoKey,
  info: string | Uint8Array<ArrayBuffer>,
  length: number,
  salt?: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.deriveBits(hkdfParams(info, salt), base, length * 8));
}

export async function hkdfAesKey(
  base: CryptoKey,
  info: string,
  usages: KeyUsage[],
  salt?: Uint8Array<ArrayBuffer>,
): Promise<CryptoKey> {
  return crypto.subtle.deriveKey(hkdfParams(info, salt), base, AES_GCM_KEY, false, usages);
}

export interface PasswordKeys {
  /** Wraps the account key; non-extractable. */
  kek: Kek;
  /** Proves knowledge of the password to the server, which stores only a slow salted hash of it. */
  authKey: Uint8Array<ArrayBuffer>;
  /**
   * Tells a wrong password apart from a tampered blob before any decryption. It is no weaker than the
   * wrapped account key stored beside it: both already let an attacker test password guesses offline.
   */
  verifier: Uint8Array<ArrayBuffer>;
}

export async function derivePasswordKeys(password: string, params: KdfParams): Promise<PasswordKeys> {
  const master = await deriveMasterSecret(password, params);
  const [kek, authKey, verifier] = await Promise.all([
    hkdfAesKey(master, HKDF_INFO.kek, ['wrapKey', 'unwrapKey']),
    hkdfBytes(master, HKDF_INFO.auth, 32),
    hkdfBytes(master, HKDF_INFO.verifier, VERIFIER_BYTES),
  ]);
  return { kek: kek as Kek, authKey, verifier };
}

export async function deriveBackupKeys(
  password: string,
  params: KdfParams,
): Promise<{ key: BackupKey; verifier: Uint8Array<ArrayBuffer> }> {
  const master = await deriveMasterSecret(password, params);
  const [key, verifier] = await Promise.all([
    hkdfAesKey(master, HKDF_INFO.backup, ['encrypt', 'decrypt']),
    hkdfBytes(master, HKDF_INFO.verifier, VERIFIER_BYTES),
  ]);
  return { key: key as BackupKey, verifier };
}
