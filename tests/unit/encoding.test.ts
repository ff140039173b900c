import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, CryptoError, fromBase64url, fromBase64urlBulk, fromHex, toBase64url, toBase64urlBulk, toHex } from '../../shared/index.js';

describe('base64url', () => {
  it('round-trips any bytes without padding or +/', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('matches RFC 4648 §10 vectors in the URL-safe alphabet', () => {
    const enc = new TextEncoder();
    expect(toBase64url(enc.encode('foobar'))).toBe('Zm9vYmFy');
    expect(toBase64url(enc.encode('fo'))).toBe('Zm8');
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });

  it.each(['Zm8=', 'Zm+v', 'Z', 'Zm9', 'Zm9=', 'Zm9vYmFy!'])('refuses %j (padding, wrong alphabet, impossible length, non-canonical)', (bad) => {
    expect(() => fromBase64url(bad)).toThrow(CryptoError);
  });

  it('refuses a non-canonical last character, so one string names one byte string', () => {
    expect(fromBase64url('Zm8')).toEqual(new TextEncoder().encode('fo'));
    expect(() => fromBase64url('Zm9')).toThrow(/canonical/);
    expect(() => fromBase64url('Zm9')).toThrow(CryptoError);
  });
});

describe('hex and constant-time compare', () => {
  it('round-trips hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
      }),
    );
  });

  it('compares bytes', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });
});

describe('bulk base64url (large sealed blobs)', () => {
  it('writes what the strict codec writes, reads it back, and refuses other alphabets with a format error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const text = toBase64urlBulk(bytes);
        expect(text).toBe(toBase64url(bytes));
        expect(fromBase64urlBulk(text)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'a', 'abcde', 'ab c']) expect(() => fromBase64urlBulk(bad)).toThrow(CryptoError);
  });

  it('reads any text of the alphabet as atob reads it, dropping non-zero left-over bits', () => {
    const atobRead = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 400 }).map((cs) => cs.join('')).filter((t) => t.length % 4 !== 1), (text) => {
        expect(fromBase64urlBulk(text)).toEqual(atobRead(text));
      }),
      { numRuns: 300 },
    );
    expect(fromBase64urlBulk('AB')).toEqual(Uint8Array.of(0));
    expect(fromBase64urlBulk('_-_')).toEqual(Uint8Array.of(0xff, 0xef));
  });
});
