import { describe, expect, it } from 'vitest';
import { aad, open, parseBlob, seal, toBase64url, type Dek, NONCE_BYTES, TAG_BYTES } from '../../../shared/index.js';
import { generateAesKey } from '../../../shared/crypto/wrap.js';
import { expectCryptoError } from '../../support/errors.js';
import { singleByteFlips } from '../../support/keys.js';

const newDek = async () => (await generateAesKey(['encrypt', 'decrypt'])) as Dek;
const text = (s: string) => new TextEncoder().encode(s);

describe('AEAD blob', () => {
  it('has the layout 0x01 ‖ nonce(12) ‖ ciphertext ‖ tag(16) and round-trips', async () => {
    const key = await newDek();
    const where = aad.item('vault-1', 'item-1');
    const blob = await seal(key, text('sk-live-1234'), where);
    expect(blob[0]).toBe(0x01);
    expect(blob.length).toBe(1 + NONCE_BYTES + 'sk-live-1234'.length + TAG_BYTES);
    expect(new TextDecoder().decode(await open(key, blob, where))).toBe('sk-live-1234');
  });

  it('rejects every single flipped byte: version → bad-format, anything else → tampered', async () => {
    const key = await newDek();
    const where = aad.item('vault-1', 'item-1');
    const blob = await seal(key, text('a secret worth protecting'), where);
    for (const { index, flipped } of singleByteFlips(blob)) {
      await expectCryptoError(open(key, flipped, where), index === 0 ? 'bad-format' : 'tampered');
    }
  });

  it('rejects a blob opened in another context (item, vault) or under another key', async () => {
    const key = await newDek();
    const blob = await seal(key, text('value'), aad.item('vault-1', 'item-1'));
    await expectCryptoError(open(key, blob, aad.item('vault-1', 'item-2')), 'tampered');
    await expectCryptoError(open(key, blob, aad.item('vault-2', 'item-1')), 'tampered');
    await expectCryptoError(open(await newDek(), blob, aad.item('vault-1', 'item-1')), 'tampered');
  });

  it('rejects truncated blobs with a format error', async () => {
    const key = await newDek();
    const blob = await seal(key, text('value'), aad.item('v', 'i'));
    for (const length of [0, 1, 13, 28]) await expectCryptoError(open(key, blob.slice(0, length), aad.item('v', 'i')), 'bad-format');
    // One byte short of the tag still parses as a (shorter) blob, but fails authentication.
    await expectCryptoError(open(key, blob.slice(0, -1), aad.item('v', 'i')), 'tampered');
  });

  it('draws a fresh nonce for every one of 100 000 seals under one key', async () => {
    const key = await newDek();
    const where = aad.item('vault-1', 'item-1');
    const nonces = new Set<string>();
    const plaintext = text('x');
    for (let batch = 0; batch < 100; batch++) {
      const blobs = await Promise.all(Array.from({ length: 1000 }, () => seal(key, plaintext, where)));
      for (const blob of blobs) nonces.add(toBase64url(parseBlob(blob).nonce));
    }
    expect(nonces.size).toBe(100_000);
  });
});

describe('AAD builders', () => {
  it('refuses ids that could blur two contexts together', () => {
    expect(() => aad.item('vault:1', 'item')).toThrow(/vaultId/);
    expect(() => aad.item('', 'item')).toThrow(/vaultId/);
    expect(() => aad.dek('v', 'i', 0)).toThrow(/keyVersion/);
    expect(() => aad.dek('v', 'i', 1.5)).toThrow(/keyVersion/);
  });

  it('builds the strings docs/crypto.md lists', () => {
    expect(aad.accountKey('acc', 1)).toBe('keyhaven:v1:account-key:acc:1');
    expect(aad.vaultKey('vlt', 2)).toBe('keyhaven:v1:vault-key:vlt:2');
    expect(aad.dek('vlt', 'itm', 3)).toBe('keyhaven:v1:dek:vlt:itm:3');
    expect(aad.item('vlt', 'itm')).toBe('keyhaven:v1:item:vlt:itm');
    expect(aad.share('vlt', 4)).toBe('keyhaven:v1:share:vlt:4');
    expect(aad.identityKey('acc')).toBe('keyhaven:v1:identity-key:acc');
    expect(aad.deviceKey('acc', 'dev')).toBe('keyhaven:v1:device-key:acc:dev');
    expect(aad.auditDetail('vlt', 7)).toBe('keyhaven:v1:audit-detail:vlt:7');
    expect(aad.backup('bkp')).toBe('keyhaven:v1:backup:bkp');
    expect(aad.vaultMeta('vlt', 2)).toBe('keyhaven:v1:vault-meta:vlt:2');
    expect(aad.localSecret('acc', 'session-token')).toBe('keyhaven:v1:local-secret:acc:session-token');
  });
});
