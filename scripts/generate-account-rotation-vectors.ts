/**
 * Writes tests/vectors/keyhaven-v2-account-rotation.json: the v1 vectors' account after one account-key
 * rotation (docs/crypto.md §5, §24). The record is at keyVersion 2 with version 1 in `previous`; the v1
 * vault keyring appears twice, as a device that has not re-wrapped yet still holds it (byte for byte the
 * v1 vector's, under account key 1) and re-wrapped under account key 2, both opening to the v1 vault key;
 * an item sealed under that vault key closes the chain password → KEK → account key 2 → account key 1 →
 * vault key → item. The pending state's next key (account key 2 under account key 1) is there too.
 *
 * Built with the product's own functions (nextAccountKey, rewrapVaultKeyring, wrapNextAccountKey), so
 * the vectors are what the code writes; the intermediate values are computed with raw WebCrypto from
 * the spec, as scripts/generate-vectors.ts does. Run once; never regenerate to make a test pass.
 */
import { existsSync, writeFileSync } from 'node:fs';
import {
  aad,
  createItem,
  fromBase64url,
  HKDF_INFO,
  nextAccountKey,
  openVaultKeyring,
  pbkdf2Sha256,
  rewrapVaultKeyring,
  sealItem,
  toHex,
  unwrapVaultKey,
  utf8,
  vaultKeyringRecordSchema,
  wrapNextAccountKey,
} from '../shared/index.js';
import v1 from '../tests/vectors/keyhaven-v1.json';

const file = new URL('../tests/vectors/keyhaven-v2-account-rotation.json', import.meta.url);
if (existsSync(file)) throw new Error('the vectors are there already; never regenerate to make a test pass');
const { password } = v1;
const { accountId } = v1.account.record;
const stale = vaultKeyringRecordSchema.parse(v1.vault.record);
const ref = { vaultId: stale.vaultId, itemId: 'i7c4d2e1-8f3a-4b5c-9d6e-0f1a2b3c4d5e' };

const raw = async (key: CryptoKey) => toHex(new Uint8Array(await crypto.subtle.exportKey('raw', key)));

// Version 2 under the same password with a fresh salt; version 1 wrapped under it in `previous`.
const next = await nextAccountKey(v1.account.record, password);
const [keyV1] = next.from;
if (next.record.keyVersion !== 2 || next.from.length !== 1 || !keyV1) throw new Error('expected a rotation from version 1 to version 2');
const master = await pbkdf2Sha256(utf8(password.normalize('NFKC')), fromBase64url(next.record.kdf.salt), next.record.kdf.iterations, 32);
const hkdfBase = await crypto.subtle.importKey('raw', master, 'HKDF', false, ['deriveBits']);
const kek = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(HKDF_INFO.kek) }, hkdfBase, 256));

// The same keyring moved under version 2, as the rotating device (or one signing in again) writes it.
const rewrapped = await rewrapVaultKeyring(stale, next.from, next.key);
const vaultKeyHex = await raw(await unwrapVaultKey(rewrapped.keys[0]!, next.key, stale.vaultId, true));
if (vaultKeyHex !== v1.vault.expected.vaultKeyHex) throw new Error('the re-wrapped keyring does not hold the v1 vault key');

const at = new Date('2026-12-10T09:00:00.000Z');
const payload = createItem({ name: 'Resend (prod)', provider: 'resend', kind: 'api-key', value: 're_vector_after_account_rotation_01', environment: 'production', tags: ['mail'] }, at);
const envelope = await sealItem(payload, ref, await openVaultKeyring(rewrapped, next.key));

const vectors = {
  description:
    'The keyhaven-v1.json account after one account-key rotation (docs/crypto.md §5, §24): record at keyVersion 2 with version 1 in `previous`, the v1 vault keyring under account key 1 (not yet re-wrapped) and under account key 2, an item under the v1 vault key. Made once by scripts/generate-account-rotation-vectors.ts; hex for raw bytes.',
  password,
  account: {
    record: next.record,
    expected: {
      masterSecretHex: toHex(master),
      kekHex: toHex(kek),
      authKeyHex: toHex(next.authKey),
      accountKeyHex: await raw(next.key),
      aad: aad.accountKey(accountId, 2),
      // Each `previous` entry opens under the record's account key with its own version in the AAD.
      previous: [{ keyVersion: 1, accountKeyHex: await raw(keyV1), aad: aad.previousAccountKey(accountId, 1) }],
    },
  },
  vault: {
    // Byte-equal to keyhaven-v1.json's vault.record: what a device that has not re-wrapped still holds.
    underVersion1: stale,
    underVersion2: rewrapped,
    expected: { vaultKeyHex, aad: aad.vaultKey(stale.vaultId, 1) },
  },
  item: { ...ref, envelope, expected: { payload } },
  // Local only (never sent): the next key as a device's pending rotation keeps it, under the current key.
  pending: {
    nextKey: await wrapNextAccountKey(next.key, keyV1, accountId, 2),
    expected: { aad: aad.nextAccountKey(accountId, 2), accountKeyHex: await raw(next.key) },
  },
};
writeFileSync(file, JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2-account-rotation.json');
