/**
 * The configurable generator behind the extension's "Generate": a prefix, then `length` characters drawn
 * uniformly (no modulo bias, crypto/uniform.ts) from one character set. The prefix is a label such as
 * `whsec_`, public by design: it adds no entropy and is not counted in the length.
 */
import { CryptoError } from '../errors.js';
import { uniformIndices, type ByteSource } from '../crypto/uniform.js';
import { randomBytes } from '../crypto/random.js';
import { CHARSETS, isCharset, type Charset } from './charsets.js';

export interface GeneratorOptions {
  charset: Charset;
  /** Random characters after the prefix. */
  length: number;
  /** Letters, digits, `_` and `-`, at most 32 (the rule generateSecret already applies). */
  prefix: string;
}

export const GENERATOR_MIN_LENGTH = 16;
export const GENERATOR_MAX_LENGTH = 128;
/** Below this many bits a secret is guessable offline in time; the UI says so (NIST SP 800-131A: 128-bit security). */
export const STRONG_SECRET_BITS = 128;

/** What "Generate" gave before it had options: 32 random bytes as base64url, 43 characters, 256+ bits. */
export const DEFAULT_GENERATOR: GeneratorOptions = { charset: 'base64url', length: 43, prefix: '' };

const PREFIX = /^[A-Za-z0-9_-]{0,32}$/;

/** Whether `prefix` may start a generated secret (a form checks it as the person types). */
export function isGeneratorPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/** Checks options from a caller or from storage; throws CryptoError('invalid-argument') naming the field. */
export function checkGeneratorOptions(options: unknown): GeneratorOptions {
  if (typeof options !== 'object' || options === null) throw new CryptoError('invalid-argument', 'generator options must be an object');
  const { charset, length, prefix } = options as Record<string, unknown>;
  if (!isCharset(charset)) throw new CryptoError('invalid-argument', `"charset" must be one of ${Object.keys(CHARSETS).join(', ')}`);
  if (typeof length !== 'number' || !Number.isInteger(length) || length < GENERATOR_MIN_LENGTH || length > GENERATOR_MAX_LENGTH) {
    throw new CryptoError('invalid-argument', `"length" must be an integer from ${GENERATOR_MIN_LENGTH} to ${GENERATOR_MAX_LENGTH}`);
  }
  if (typeof prefix !== 'string' || !isGeneratorPrefix(prefix)) throw new CryptoError('invalid-argument', '"prefix" must be at most 32 of [A-Za-z0-9_-]');
  return { charset, length, prefix };
}

/** Bits of entropy in the random part: length × log2(alphabet size). The prefix counts for nothing. */
export function entropyBits(options: Pick<GeneratorOptions, 'charset' | 'length'>): number {
  return options.length * Math.log2(CHARSETS[options.charset].length);
}

/** A new secret; `source` is the CSPRNG except in tests that feed known bytes. */
export function generateWith(options: GeneratorOptions, source: ByteSource = randomBytes): string {
  const { charset, length, prefix } = checkGeneratorOptions(options);
  const alphabet = CHARSETS[charset];
  return prefix + uniformIndices(length, alphabet.length, source).map((i) => alphabet[i]).join('');
}
