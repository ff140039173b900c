/** Generated secrets (webhook signing keys, shared secrets): 256 bits from the CSPRNG. */
import { CryptoError } from '../errors.js';
import { toBase64url, toHex } from '../encoding.js';
import { randomBytes } from '../crypto/random.js';

export type SecretEncoding = 'hex' | 'base64url';

export interface GenerateOptions {
  encoding?: SecretEncoding;
  /** Prepended as is, e.g. `whsec_`; letters, digits, `_` and `-` only. */
  prefix?: string;
  /** Random bytes; 32 (256 bits) by default, never fewer than 16. */
  bytes?: number;
}

export function generateSecret(options: GenerateOptions = {}): string {
  const bytes = options.bytes ?? 32;
  const prefix = options.prefix ?? '';
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
    throw new CryptoError('invalid-argument', '"bytes" must be an integer from 16 to 1024');
  }
  if (!/^[A-Za-z0-9_-]{0,32}$/.test(prefix)) {
    throw new CryptoError('invalid-argument', '"prefix" must be at most 32 of [A-Za-z0-9_-]');
  }
  const random = randomBytes(bytes);
  return prefix + (options.encoding === 'hex' ? toHex(random) : toBase64url(random));
}

/** A new secret shaped like `previous`: the same prefix (such as `whsec_`), so the rotated key looks like the old one. */
export function generateLike(previous: string): string {
  return generateSecret({ prefix: /^[A-Za-z]{2,10}_/.exec(previous)?.[0] });
}
