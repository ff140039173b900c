import { describe, expect, it } from 'vitest';
import { createBackup, createItem, fromBase64url, openBackup, rotateValue, toBase64url, type BackupContent } from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';
import { singleByteFlips } from '../../support/keys.js';

const now = new Date('2026-11-21T12:00:00Z');
const PASSWORD = 'backup passphrase, written down somewhere safe';

function content(): BackupContent {
  const openai = createItem({ name: 'OpenAI', provider: 'openai', value: 'sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa', tags: ['ai'] }, now);
  return {
    v: 1,
    vaults: [
      {
        id: 'personal',
        name: 'Personal',
        items: [
          { id: 'i1', payload: rotateValue(openai, 'sk-proj-bbbbbbbbbbbbbbbbbbbbbbbb', { now }) },
          { id: 'i2', payload: createItem({ type: 'note', name: 'Recovery codes', value: '1111-2222\n3333-4444' }, now) },
        ],
      },
    ],
  };
}

describe('encrypted backup', () => {
  it('round-trips through its JSON text with the password alone', async () => {
    const file = await createBackup(PASSWORD, content(), { now });
    const text = JSON.stringify(file, null, 2);
    expect(text).not.toMatch(/sk-proj|OpenAI|Recovery/);
    expect(file).toMatchObject({ format: 'keyhaven-backup', v: 1, createdAt: now.toISOString(), kdf: { alg: 'PBKDF2-SHA256', iterations: 600_000 } });
    expect(await openBackup(PASSWORD, text)).toEqual(content());
  });

  it('says "wrong password" for a wrong password', async () => {
    const file = await createBackup(PASSWORD, content());
    await expectCryptoError(openBackup('not the passphrase', file), 'wrong-password');
  });

  it('says "tampered" for any single flipped byte of the body', async () => {
    const file = await createBackup(PASSWORD, content());
    const data = fromBase64url(file.data);
    // Derive once per flip; spot-check every 7th byte plus the ends to keep this under a few seconds.
    const flips = [...singleByteFlips(data)].filter(({ index }) => index % 7 === 0 || index >= data.length - 16);
    await Promise.all(
      flips.map(({ index, flipped }) =>
        expectCryptoError(openBackup(PASSWORD, { ...file, data: toBase64url(flipped) }), index === 0 ? 'bad-format' : 'tampered'),
      ),
    );
  });

  it('refuses a body moved into another file (the id is bound), and a lowered work factor', async () => {
    const a = await createBackup(PASSWORD, content());
    await expectCryptoError(openBackup(PASSWORD, { ...a, id: 'another-backup' }), 'tampered');
    await expectCryptoError(openBackup(PASSWORD, { ...a, kdf: { ...a.kdf, iterations: 1000 } }), 'weak-kdf');
  });

  it('gives a format error for text that is not a backup', async () => {
    await expectCryptoError(openBackup(PASSWORD, 'PK\u0003\u0004 not json'), 'bad-format');
    await expectCryptoError(openBackup(PASSWORD, { format: 'keyhaven-backup', v: 2 }), 'bad-format');
  });
});
