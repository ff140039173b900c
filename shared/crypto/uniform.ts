/**
 * Uniform choices from random bytes, by rejection sampling. `byte % size` alone favours the first
 * `256 % size` symbols (for 62 letters and digits, 8 of them come up 5/256 of the time instead of 4/256):
 * bytes at or above the largest multiple of `size` are thrown away, so every symbol keeps exactly
 * floor(256 / size) of the byte values that remain.
 */
import { CryptoError } from '../errors.js';
import { randomBytes } from './random.js';

/** Where the bytes come from: the CSPRNG in use, a fixed list in tests. */
export type ByteSource = (length: number) => Uint8Array;

/** `count` indices, each uniform in [0, size); `size` from 2 to 256 (one byte per draw). */
export function uniformIndices(count: number, size: number, source: ByteSource = randomBytes): number[] {
  if (!Number.isInteger(count) || count < 0) throw new CryptoError('invalid-argument', '"count" must be a non-negative integer');
  if (!Number.isInteger(size) || size < 2 || size > 256) throw new CryptoError('invalid-argument', '"size" must be an integer from 2 to 256');
  const limit = 256 - (256 % size); // the bytes below it split evenly into `size` classes
  const out: number[] = [];
  let rejectedRun = 0;
  while (out.length < count) {
    // Ask for what is still missing plus the share expected to be rejected, so one draw nearly always suffices.
    const missing = count - out.length;
    const batch = source(Math.ceil((missing * 256) / limit) + 8);
    if (batch.length === 0) throw new CryptoError('invalid-argument', 'the byte source returned no bytes');
    // A CSPRNG rejects at most 1 byte in 2 (size 129): a thousand rejections in a row mean a broken source.
    rejectedRun = batch.every((byte) => byte >= limit) ? rejectedRun + batch.length : 0;
    if (rejectedRun >= 1000) throw new CryptoError('invalid-argument', 'the byte source gives only bytes that cannot be used');
    for (const byte of batch) {
      if (byte >= limit) continue;
      out.push(byte % size);
      if (out.length === count) break;
    }
  }
  return out;
}
