/**
 * Checksums some providers build into their tokens, so a scanner can tell a real token from something
 * of the same shape (docs/decisions.md #40):
 *
 * - GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` with 36 characters), npm (`npm_`) and Vercel (`vc?_`):
 *   the last 6 characters are the CRC32 of the random part before them, in base62 (`0-9A-Za-z`),
 *   left-padded with `0`.
 * - KeyHaven's own access tokens (`kh_`, shared/tokens/token-string.ts): the same six base62 characters,
 *   but of the CRC32 of everything before them, prefix included, so `KH_…` with `kh_`'s digits fails.
 * - GitLab's routable tokens (`glpat-….01.xxyyyyyyy`): the last 7 characters are the CRC32 of everything
 *   before them, in base36, left-padded with `0`.
 *
 * CRC32 is the IEEE one (zlib's). It is written out here because it is a dozen lines and the detector
 * must stay free of dependencies beyond the shared ones.
 */
import { utf8 } from '../encoding.js';
import type { Checksum } from './catalogue/index.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base62 (`0-9A-Za-z`), left-padded with `0` to `width` characters. */
export function base62(n: number, width: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, '0');
}

/** How each checksum splits a token into the checked part and the check characters. */
interface Scheme {
  digits: number;
  encode(crc: number): string;
  checked(token: string): string;
}
/** GitHub's scheme (npm and Vercel use the same): the random part sits between the prefix's `_` and the check digits. */
const BASE62_OF_RANDOM: Scheme = { digits: 6, encode: (crc) => base62(crc, 6), checked: (t) => t.slice(t.indexOf('_') + 1, -6) };
const SCHEMES: Record<Checksum, Scheme> = {
  'github-crc32': BASE62_OF_RANDOM,
  'npm-crc32': BASE62_OF_RANDOM,
  'vercel-crc32': BASE62_OF_RANDOM,
  'keyhaven-crc32': { digits: 6, encode: (crc) => base62(crc, 6), checked: (t) => t.slice(0, -6) },
  'gitlab-crc32': { digits: 7, encode: (crc) => crc.toString(36).padStart(7, '0'), checked: (t) => t.slice(0, -7) },
};

/** The check characters `token` should end with (tests use it to make valid fakes at run time). */
export function checkDigits(scheme: Checksum, tokenWithoutCheck: string): string {
  const s = SCHEMES[scheme];
  // `checked` expects the whole token: pad with the right number of placeholder digits.
  return s.encode(crc32(utf8(s.checked(tokenWithoutCheck + '0'.repeat(s.digits)))));
}

export function hasValidChecksum(scheme: Checksum, token: string): boolean {
  const s = SCHEMES[scheme];
  if (token.length <= s.digits) return false;
  return token.slice(-s.digits) === s.encode(crc32(utf8(s.checked(token))));
}
