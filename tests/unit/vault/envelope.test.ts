import { beforeAll, describe, expect, it } from 'vitest';
import {
  createItem,
  createVaultKeyring,
  fromBase64url,
  newVaultKeyEntry,
  openItem,
  openItems,
  openVaultKeyring,
  rewrapItem,
  sealItem,
  toBase64url,
  withKeyVersion,
  type ItemEnvelope,
  type VaultKeyring,
} from '../../../shared/index.js';
import { expectCryptoError, expectVaultError } from '../../support/errors.js';
import { testAccount, testVault } from '../../support/keys.js';

const now = new Date('2026-11-21T12:00:00Z');
const payload = createItem({ name: 'OpenAI prod', provider: 'openai', value: 'sk-proj-abcdefghijklmnopqrstuvwxyz' }, now);

let keyring: VaultKeyring;
let vaultId: string;
beforeAll(async () => {
  ({ keyring, vaultId } = await testVault());
});

describe('item envelope', () => {
  it('round-trips a payload and shows the server nothing but ciphertext', async () => {
    const ref = { vaultId, itemId: 'item-1' };
    const envelope = await sealItem(payload, ref, keyring);
    expect(Object.keys(envelope).sort()).toEqual(['data', 'dek', 'kv', 'v']);
    expect(JSON.stringify(envelope)).not.toMatch(/OpenAI|openai|sk-proj/);
    expect(await openItem(envelope, ref, keyring)).toEqual(payload);
  });

  it('uses a fresh DEK for every write: sealing twice gives unrelated blobs', async () => {
    const ref = { vaultId, itemId: 'item-1' };
    const a = await sealItem(payload, ref, keyring);
    const b = await sealItem(payload, ref, keyring);
    expect(a.dek).not.toBe(b.dek);
    expect(a.data).not.toBe(b.data);
    // The DEK of one write cannot open the data of another.
    await expectCryptoError(openItem({ ...a, data: b.data }, ref, keyring), 'tampered');
  });

  it('rejects a blob moved to another item, another vault or another key version', async () => {
    const envelope = await sealItem(payload, { vaultId, itemId: 'item-1' }, keyring);
    await expectCryptoError(openItem(envelope, { vaultId, itemId: 'item-2' }, keyring), 'tampered');

    const other = await testVault();
    const moved = await expectCryptoError(openItem(envelope, { vaultId: other.vaultId, itemId: 'item-1' }, keyring), 'tampered');
    expect(moved.message).toMatch(/altered, moved/);

    // Relabel the envelope as key version 2 of a keyring that has one: the DEK's AAD names version 1.
    const { accountKey } = await testAccount();
    const { record } = await createVaultKeyring(accountKey, { vaultId: 'vault-kv' });
    const two = withKeyVersion(record, await newVaultKeyEntry(accountKey, 'vault-kv', 2, now));
    const both = await openVaultKeyring(two, accountKey);
    const ref = { vaultId: 'vault-kv', itemId: 'item-1' };
    const onOne: ItemEnvelope = await sealItem(payload, ref, await openVaultKeyring(record, accountKey));
    await expectCryptoError(openItem({ ...onOne, kv: 2 }, ref, both), 'tampered');
  });

  it('reports a key version the keyring does not hold', async () => {
    const ref = { vaultId, itemId: 'item-1' };
    const envelope = await sealItem(payload, ref, keyring);
    await expectCryptoError(openItem({ ...envelope, kv: 9 }, ref, keyring), 'unknown-key-version');
  });

  it('opens the rest of the vault when one item is tampered', async () => {
    const entries = await Promise.all(
      ['a', 'b', 'c'].map(async (itemId) => ({ itemId, envelope: await sealItem(payload, { vaultId, itemId }, keyring) })),
    );
    const bytes = fromBase64url(entries[1]!.envelope.data);
    bytes[20]! ^= 0xff;
    entries[1] = { itemId: 'b', envelope: { ...entries[1]!.envelope, data: toBase64url(bytes) } };
    const results = await openItems([...entries, { itemId: 'd', envelope: { v: 1, garbage: true } }], vaultId, keyring);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'tampered', 'ok', 'bad-format']);
  });

  it('re-wraps only the DEK: the sealed payload stays byte for byte the same', async () => {
    const { accountKey } = await testAccount();
    const { record } = await createVaultKeyring(accountKey, { vaultId: 'vault-rw' });
    const ref = { vaultId: 'vault-rw', itemId: 'item-1' };
    const before = await sealItem(payload, ref, await openVaultKeyring(record, accountKey));
    const two = await openVaultKeyring(withKeyVersion(record, await newVaultKeyEntry(accountKey, 'vault-rw', 2, now)), accountKey);
    const after = await rewrapItem(before, ref, two, 2);
    expect(after.kv).toBe(2);
    expect(after.data).toBe(before.data);
    expect(after.dek).not.toBe(before.dek);
    expect((await openItem(after, ref, two)).value).toBe(payload.value);
  });

  it('reports a payload that decrypts but fails the schema as an invalid item', async () => {
    const ref = { vaultId, itemId: 'item-x' };
    const bad = { ...payload, status: { state: 'lost' } } as unknown as typeof payload;
    const envelope = await sealItem(bad, ref, keyring);
    await expectVaultError(openItem(envelope, ref, keyring), 'invalid-item');
  });
});
