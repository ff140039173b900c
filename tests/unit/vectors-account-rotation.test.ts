/**
 * The account-key rotation vectors (tests/vectors/keyhaven-v2-account-rotation.json, docs/crypto.md §5
 * and §24), made once: the password opens account key 2, account key 2 opens version 1 from `previous`,
 * the vault keyring opens whether it is still under version 1 or already under version 2 (the same vault
 * key either way), and the item opens. A record whose `previous` is altered, not older, or repeated is
 * refused as a whole: an older version that does not open must never be skipped in silence.
 */
import { describe, expect, it } from 'vitest';
import {
  accountKeyRecordSchema,
  fromBase64url,
  fromHex,
  openItem,
  openOlderKeys,
  openVaultKeyring,
  openWithKeys,
  passwordKeysFor,
  rewrapVaultKeyring,
  toBase64url,
  unlockAccount,
  unwrapNextAccountKey,
  unwrapVaultKey,
  utf8,
  vaultKeyringRecordSchema,
  type AccountKeyRecord,
} from '../../shared/index.js';
import v1 from '../vectors/keyhaven-v1.json';
import rot from '../vectors/keyhaven-v2-account-rotation.json';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const raw = async (key: CryptoKey) => hex(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
const record: AccountKeyRecord = accountKeyRecordSchema.parse(rot.account.record);
const ref = { vaultId: rot.item.vaultId, itemId: rot.item.itemId };

async function rawDecrypt(keyHex: string, blobB64: string, aadText: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', fromHex(keyHex), 'AES-GCM', false, ['decrypt']);
  const blob = fromBase64url(blobB64);
  expect(blob[0]).toBe(0x01);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.slice(1, 13), additionalData: utf8(aadText) }, key, blob.slice(13)));
}

/** The record's keys as the product opens them, extractable so the test can compare their bytes. */
async function openExtractable(input: AccountKeyRecord) {
  return openWithKeys(input, await passwordKeysFor(rot.password, input), true);
}

describe('KeyHaven account-key rotation vectors', () => {
  it('is the v1 vectors’ account, one version on, and its v1 keyring byte for byte', () => {
    expect(record.accountId).toBe(v1.account.record.accountId);
    expect(record.keyVersion).toBe(2);
    expect(record.kdf.salt).not.toBe(v1.account.record.kdf.salt); // a rotation draws a fresh salt
    expect(rot.account.expected.previous[0]!.accountKeyHex).toBe(v1.account.expected.accountKeyHex);
    expect(rot.vault.underVersion1).toEqual(v1.vault.record);
    expect(rot.vault.expected.vaultKeyHex).toBe(v1.vault.expected.vaultKeyHex);
  });

  it('lays out every blob as documented: raw AES-GCM with the documented AAD opens each one', async () => {
    const e = rot.account.expected;
    expect(hex(await rawDecrypt(e.kekHex, record.wrappedKey, e.aad))).toBe(e.accountKeyHex);
    const [previous] = e.previous;
    expect(hex(await rawDecrypt(e.accountKeyHex, record.previous![0]!.wrappedKey, previous!.aad))).toBe(previous!.accountKeyHex);
    const [staleEntry] = rot.vault.underVersion1.keys;
    const [movedEntry] = rot.vault.underVersion2.keys;
    expect(hex(await rawDecrypt(previous!.accountKeyHex, staleEntry!.wrappedKey, rot.vault.expected.aad))).toBe(rot.vault.expected.vaultKeyHex);
    expect(hex(await rawDecrypt(e.accountKeyHex, movedEntry!.wrappedKey, rot.vault.expected.aad))).toBe(rot.vault.expected.vaultKeyHex);
    expect(hex(await rawDecrypt(previous!.accountKeyHex, rot.pending.nextKey, rot.pending.expected.aad))).toBe(rot.pending.expected.accountKeyHex);
  });

  it('opens the chain through the product path: password → account key 2 → account key 1 → either keyring → item', async () => {
    const extractable = await openExtractable(record);
    expect(await raw(extractable.accountKey)).toBe(rot.account.expected.accountKeyHex);
    expect(hex(extractable.authKey)).toBe(rot.account.expected.authKeyHex);
    expect(await Promise.all([...extractable.olderKeys].map(async ([keyVersion, key]) => ({ keyVersion, hex: await raw(key) })))).toEqual(
      rot.account.expected.previous.map((p) => ({ keyVersion: p.keyVersion, hex: p.accountKeyHex })),
    );

    const { accountKey, olderKeys } = await unlockAccount(rot.password, rot.account.record);
    const older = olderKeys.get(1)!;
    // Nothing under the account key names its version: which key opens an entry is the GCM tag's to say.
    await expect(openVaultKeyring(rot.vault.underVersion1, accountKey)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openVaultKeyring(rot.vault.underVersion2, older)).rejects.toMatchObject({ code: 'tampered' });
    for (const [keyring, key] of [
      [rot.vault.underVersion1, older],
      [rot.vault.underVersion2, accountKey],
    ] as const) {
      expect(await raw(await unwrapVaultKey(keyring.keys[0]!, key, keyring.vaultId, true))).toBe(rot.vault.expected.vaultKeyHex);
      expect(await openItem(rot.item.envelope, ref, await openVaultKeyring(keyring, key))).toEqual(rot.item.expected.payload);
    }
  });

  it('re-wraps the stale keyring under account key 2, taking the server’s copy when it holds the same key', async () => {
    const { accountKey, olderKeys } = await openExtractable(record);
    const from = [...olderKeys.values()];
    const keyring = vaultKeyringRecordSchema.parse(rot.vault.underVersion1);
    const fresh = await rewrapVaultKeyring(keyring, from, accountKey);
    expect(await raw(await unwrapVaultKey(fresh.keys[0]!, accountKey, keyring.vaultId, true))).toBe(rot.vault.expected.vaultKeyHex);
    // Byte-equal to the served copy, so a vault directory comparing the two sees no swapped key.
    expect(await rewrapVaultKeyring(keyring, from, accountKey, rot.vault.underVersion2.keys)).toEqual(rot.vault.underVersion2);
    // Already under the current key: left exactly as it is.
    expect(await rewrapVaultKeyring(vaultKeyringRecordSchema.parse(rot.vault.underVersion2), from, accountKey)).toEqual(rot.vault.underVersion2);
  });

  it('opens the pending state’s next key with account key 1 and its own AAD only', async () => {
    const { accountKey, olderKeys } = await openExtractable(record);
    const older = olderKeys.get(1)!;
    expect(await raw(await unwrapNextAccountKey(rot.pending.nextKey, older, record.accountId, 2))).toBe(rot.pending.expected.accountKeyHex);
    await expect(unwrapNextAccountKey(rot.pending.nextKey, older, record.accountId, 3)).rejects.toMatchObject({ code: 'tampered' });
    await expect(unwrapNextAccountKey(rot.pending.nextKey, accountKey, record.accountId, 2)).rejects.toMatchObject({ code: 'tampered' });
  });

  it('refuses the whole record when a previous entry is altered, moved to another version or account, not older, or repeated', async () => {
    const [entry] = record.previous!;
    const blob = fromBase64url(entry!.wrappedKey);
    blob[blob.length - 1] = blob[blob.length - 1]! ^ 0x01; // one bit of the tag
    const variants: { previous: AccountKeyRecord['previous']; code: string }[] = [
      { previous: [{ keyVersion: 1, wrappedKey: toBase64url(blob) }], code: 'tampered' },
      { previous: [{ keyVersion: 2, wrappedKey: entry!.wrappedKey }], code: 'bad-format' }, // not older than the record
      { previous: [{ keyVersion: 3, wrappedKey: entry!.wrappedKey }], code: 'bad-format' },
      { previous: [entry!, entry!], code: 'bad-format' }, // the same version twice
    ];
    for (const { previous, code } of variants) {
      await expect(unlockAccount(rot.password, { ...rot.account.record, previous })).rejects.toMatchObject({ code });
    }
    // Relabelled as another version below the record's: the AAD names the version, so the tag fails.
    const { accountKey } = await openExtractable(record);
    const higher = { ...record, keyVersion: 3, previous: [{ keyVersion: 2, wrappedKey: entry!.wrappedKey }] };
    await expect(openOlderKeys(higher, accountKey)).rejects.toMatchObject({ code: 'tampered' });
    await expect(openOlderKeys({ ...record, accountId: 'another-account' }, accountKey)).rejects.toMatchObject({ code: 'tampered' });
  });
});
