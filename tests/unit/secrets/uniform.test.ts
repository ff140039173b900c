/**
 * The rejection sampler, first on bytes the test chooses (so bias is ruled out exactly, not probably),
 * then on the real CSPRNG with a bound loose enough that a fair sampler never fails it.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes, uniformIndices, type ByteSource } from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';

/** A source that hands out `bytes` in order, as many as asked for, and fails the test if it runs dry. */
function fixed(bytes: number[]): ByteSource {
  let at = 0;
  return (length) => {
    const out = bytes.slice(at, at + length);
    at += out.length;
    if (out.length === 0) throw new Error('the test ran out of bytes');
    return Uint8Array.from(out);
  };
}

const EVERY_BYTE = Array.from({ length: 256 }, (_, b) => b);

describe('uniformIndices', () => {
  it.each([2, 3, 16, 62, 64, 76, 100, 255, 256])('maps one cycle of the 256 byte values evenly onto %i symbols, dropping the rest', (size) => {
    const limit = 256 - (256 % size);
    // Every byte value once, then only `size - 1`: the draw after the first `limit` shows whether any
    // byte of the cycle at or above `limit` slipped through.
    const source = fixed([...EVERY_BYTE, ...new Array<number>(300).fill(size - 1)]);
    const drawn = uniformIndices(limit + 1, size, source);
    const counts = new Array<number>(size).fill(0);
    for (const i of drawn.slice(0, limit)) counts[i]!++;
    expect(new Set(counts)).toEqual(new Set([limit / size]));
    expect(drawn[limit]).toBe(size - 1);
  });

  it('skips bytes at or above the largest multiple of the size, and keeps their order otherwise', () => {
    // 62 symbols: 248..255 are rejected; 0 → 0, 61 → 61, 62 → 0, 247 → 61.
    expect(uniformIndices(4, 62, fixed([248, 0, 255, 61, 250, 62, 247]))).toEqual([0, 61, 0, 61]);
  });

  it('asks again when a whole batch is rejected', () => {
    let calls = 0;
    const source: ByteSource = (length) => (++calls === 1 ? new Uint8Array(length).fill(255) : new Uint8Array(length).fill(7));
    expect(uniformIndices(3, 62, source)).toEqual([7, 7, 7]);
    expect(calls).toBe(2);
  });

  it('gives up with an error on a source that only gives unusable bytes, rather than looping forever', () => {
    expect(() => uniformIndices(1, 62, (n) => new Uint8Array(n).fill(255))).toThrow(/cannot be used/);
  });

  it('is flat over the real CSPRNG (8σ per symbol: a fair sampler fails it about once in 10^13 runs)', () => {
    // Plain `byte % 62` would give symbols 0..7 a share of 5/256 instead of 4/256: about 19σ away here.
    const size = 62;
    const draws = size * 8000;
    const counts = new Array<number>(size).fill(0);
    for (const i of uniformIndices(draws, size, randomBytes)) counts[i]!++;
    const mean = draws / size;
    const sigma = Math.sqrt(draws * (1 / size) * (1 - 1 / size));
    for (const c of counts) expect(Math.abs(c - mean)).toBeLessThan(8 * sigma);
  });

  it('refuses sizes one byte cannot cover, and counts that are not counts', async () => {
    await expectCryptoError(() => uniformIndices(4, 1), 'invalid-argument');
    await expectCryptoError(() => uniformIndices(4, 257), 'invalid-argument');
    await expectCryptoError(() => uniformIndices(-1, 62), 'invalid-argument');
    await expectCryptoError(() => uniformIndices(1.5, 62), 'invalid-argument');
    await expectCryptoError(() => uniformIndices(1, 62, () => new Uint8Array(0)), 'invalid-argument');
  });
});
