/**
 * Human-comparable fingerprints of public keys: SHA-256 of the SPKI encoding, shown as six groups of
 * five digits. Each group is a 5-byte big-endian slice of the digest reduced mod 100 000, as Signal's
 * safety numbers do; 30 digits carry about 99 bits, ample for an out-of-band comparison between people.
 */
import { CryptoError } from '../errors.js';

const GROUPS = 6;
const BYTES_PER_GROUP = 5;

export async function fingerprint(spki: Uint8Array<ArrayBuffer>): Promise<string> {
  if (spki.length === 0) throw new CryptoError('invalid-argument', '"spki" is empty');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', spki));
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let n = 0;
    for (let i = 0; i < BYTES_PER_GROUP; i++) n = n * 256 + digest[g * BYTES_PER_GROUP + i]!;
    groups.push(String(n % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
