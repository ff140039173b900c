import { describe, expect, it } from 'vitest';
import pbkdf2Vectors from '../../vectors/pbkdf2-sha256.json';
import hkdfVectors from '../../vectors/hkdf-sha256.json';
import {
  checkKdfParams,
  derivePasswordKeys,
  fromHex,
  hkdfBytes,
  type KdfParams,
  newKdfParams,
  normalizePassword,
  pbkdf2Sha256,
  PBKDF2_MIN_ITERATIONS,
  toBase64url,
  toHex,
} from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('PBKDF2-HMAC-SHA256 known answers', () => {
  it.each(pbkdf2Vectors.vectors)('$source: P=$password S=$salt c=$iterations', async (v) => {
    expect(toHex(await pbkdf2Sha256(enc(v.password), enc(v.salt), v.iterations, v.dkLen))).toBe(v.expected);
  });
});

describe('HKDF-SHA256 known answers', () => {
  it.each(hkdfVectors.vectors)('$source', async (v) => {
    const base = await crypto.subtle.importKey('raw', fromHex(v.ikm), 'HKDF', false, ['deriveBits']);
    expect(toHex(await hkdfBytes(base, fromHex(v.info), v.length, fromHex(v.salt)))).toBe(v.okm);
  });
});

describe('KDF parameters', () => {
  it('defaults to 600 000 iterations and a 16-byte random salt', () => {
    const a = newKdfParams();
    const b = newKdfParams();
    expect(a.alg).toBe('PBKDF2-SHA256');
    expect(a.iterations).toBe(600_000);
    expect(a.salt).toHaveLength(22); // 16 bytes in unpadded base64url
    expect(a.salt).not.toBe(b.salt);
  });

  it('refuses fewer than the minimum iterations, so a server cannot downgrade the work factor', async () => {
    const weak: KdfParams = { alg: 'PBKDF2-SHA256', iterations: PBKDF2_MIN_ITERATIONS - 1, salt: toBase64url(new Uint8Array(16)) };
    await expectCryptoError(() => checkKdfParams(weak), 'weak-kdf');
    await expectCryptoError(derivePasswordKeys('pw', weak), 'weak-kdf');
    const error = await expectCryptoError(() => newKdfParams(100_000), 'weak-kdf');
    expect(error.message).toContain('"iterations" must be >= 600000');
  });

  it.each([
    [{ alg: 'PBKDF2-SHA1', iterations: 600_000, salt: toBase64url(new Uint8Array(16)) }],
    [{ alg: 'PBKDF2-SHA256', iterations: '600000', salt: toBase64url(new Uint8Array(16)) }],
    [{ alg: 'PBKDF2-SHA256', iterations: 600_000, salt: toBase64url(new Uint8Array(8)) }],
    [{ alg: 'PBKDF2-SHA256', iterations: 600_000, salt: toBase64url(new Uint8Array(16)), extra: 1 }],
    [null],
  ])('refuses malformed parameters %j', async (params) => {
    await expectCryptoError(() => checkKdfParams(params), 'bad-format');
  });

  it('refuses absurd iteration counts that would stall the client', async () => {
    await expectCryptoError(() => newKdfParams(50_000_000), 'invalid-argument');
  });
});

describe('password keys', () => {
  it('normalises the password with NFKC: composed and decomposed é derive the same keys', async () => {
    const params = newKdfParams();
    const composed = await derivePasswordKeys('caf\u00e9 au lait', params);
    const decomposed = await derivePasswordKeys('cafe\u0301 au lait', params);
    expect(toHex(composed.authKey)).toBe(toHex(decomposed.authKey));
    expect(toHex(normalizePassword('\uFB01'))).toBe(toHex(enc('fi'))); // the ligature ﬁ is NFKC "fi"
  });

  it('derives independent auth key and verifier, and a KEK that cannot be read out', async () => {
    const keys = await derivePasswordKeys('hunter2 but longer', newKdfParams());
    expect(keys.authKey).toHaveLength(32);
    expect(keys.verifier).toHaveLength(16);
    expect(toHex(keys.authKey).startsWith(toHex(keys.verifier))).toBe(false);
    expect(keys.kek.extractable).toBe(false);
    expect(keys.kek.usages.sort()).toEqual(['unwrapKey', 'wrapKey']);
  });

  it('refuses an empty password', async () => {
    await expectCryptoError(derivePasswordKeys('', newKdfParams()), 'invalid-argument');
  });
});
