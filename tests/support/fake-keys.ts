/**
 * Fake API keys made at test time, never committed: code hosts' secret scanners flag realistic tokens
 * with valid checksums, and a committed key list would only test itself. Each fake follows its
 * catalogue entry's pattern (via randexp, with WebCrypto randomness) and, where the entry has a
 * checksum, ends in a correct one.
 */
import RandExp from 'randexp';
import { checkDigits, type CatalogueEntry } from '../../shared/index.js';

function randomInt(from: number, to: number): number {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return from + (n! % (to - from + 1));
}

const CHECK_DIGITS = { 'github-crc32': 6, 'npm-crc32': 6, 'vercel-crc32': 6, 'gitlab-crc32': 7, 'keyhaven-crc32': 6 } as const;

/** A fresh key for `entry`, with a valid checksum where the entry has one. */
export function fakeKey(entry: CatalogueEntry): string {
  const gen = new RandExp(entry.pattern);
  gen.randInt = randomInt;
  gen.max = 60;
  // Patterns that allow dots can spell "...", which is how pages show a cut-off key and which the
  // detector refuses by design (decision #40); no provider issues such keys, so neither does this.
  let raw = gen.gen();
  while (raw.includes('...')) raw = gen.gen();
  if (!entry.checksum) return raw;
  const body = raw.slice(0, -CHECK_DIGITS[entry.checksum]);
  return body + checkDigits(entry.checksum, body);
}

/** Random characters from an alphabet. */
export function randomChars(alphabet: string, n: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => alphabet[b % alphabet.length]).join('');
}

export const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';

/** `value` with one character of its random middle changed (a checksum must catch it). */
export function corrupt(value: string): string {
  const i = Math.floor(value.length / 2);
  const swap = value[i] === 'a' ? 'b' : 'a';
  return value.slice(0, i) + swap + value.slice(i + 1);
}
