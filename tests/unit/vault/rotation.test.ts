import { beforeAll, describe, expect, it } from 'vitest';
import {
  createItem,
  createVaultKeyring,
  openItem,
  openVaultKeyring,
  referencedKeyVersions,
  retireKeyVersion,
  rotateValue,
  resumeVaultKeyRotation,
  rotateVaultKey,
  sealItem,
  type AccountKey,
  type ItemPayload,
  type RotationProgress,
} from '../../../shared/index.js';
import { expectVaultError } from '../../support/errors.js';
import { testAccount } from '../../support/keys.js';
import { crashingStore, MemoryRotationStore, SimulatedCrash } from '../../support/memory-rotation-store.js';

const now = new Date('2026-11-21T12:00:00Z');
const VAULT = 'vault-rot';
let accountKey: AccountKey;

beforeAll(async () => {
  ({ accountKey } = await testAccount());
});

async function seededStore(count: number): Promise<{ store: MemoryRotationStore; payloads: Map<string, ItemPayload> }> {
  const { record, keyring } = await createVaultKeyring(accountKey, { vaultId: VAULT, now });
  const store = new MemoryRotationStore(record);
  const payloads = new Map<string, ItemPayload>();
  for (let i = 0; i < count; i++) {
    const itemId = `item-${String(i).padStart(3, '0')}`;
    const payload = createItem({ name: `key ${i}`, value: `sk-test-${i}-abcdefghijklmnop` }, now);
    payloads.set(itemId, payload);
    store.items.set(itemId, await sealItem(payload, { vaultId: VAULT, itemId }, keyring));
  }
  return { store, payloads };
}

/** Every item opens, under the new version, with the payload it had; one new version, no leftover state. */
async function expectRotated(store: MemoryRotationStore, payloads: Map<string, ItemPayload>, toVersion: number) {
  expect(store.rotation).toBeNull();
  expect(store.keyring.current).toBe(toVersion);
  expect(store.keyring.keys.map((k) => k.version)).toEqual([...Array(toVersion).keys()].map((v) => v + 1));
  const keyring = await openVaultKeyring(store.keyring, accountKey);
  for (const [itemId, envelope] of store.items) {
    expect(envelope.kv).toBe(toVersion);
    expect(await openItem(envelope, { vaultId: VAULT, itemId }, keyring)).toEqual(payloads.get(itemId));
  }
}

describe('vault key rotation', () => {
  it('re-wraps every item under version n+1 in batches and reports progress', async () => {
    const { store, payloads } = await seededStore(25);
    const progress: RotationProgress[] = [];
    const result = await rotateVaultKey({ store, vaultId: VAULT, accountKey, batchSize: 10, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ toVersion: 2, rewrapped: 25 });
    expect(progress.map((p) => p.done)).toEqual([10, 20, 25]);
    expect(progress.every((p) => p.total === 25)).toBe(true);
    await expectRotated(store, payloads, 2);
  });

  it('resumes after a crash at any write, before or after it lands, and ends with every item on the new version', async () => {
    const reference = await seededStore(9);
    const probe = crashingStore(reference.store, Number.POSITIVE_INFINITY, 'before');
    await rotateVaultKey({ store: probe.store, vaultId: VAULT, accountKey, batchSize: 4 });
    const mutations = probe.count();
    expect(mutations).toBeGreaterThan(9); // state, keyring, 9 re-wraps, a cursor per batch, the final clear

    for (const when of ['before', 'after'] as const) {
      for (let failAt = 1; failAt <= mutations; failAt++) {
        const { store, payloads } = await seededStore(9);
        const crashing = crashingStore(store, failAt, when);
        await expect(rotateVaultKey({ store: crashing.store, vaultId: VAULT, accountKey, batchSize: 4 })).rejects.toBeInstanceOf(SimulatedCrash);
        // Mid-rotation, the vault is still fully readable with whatever versions the keyring holds.
        const keyring = await openVaultKeyring(store.keyring, accountKey);
        for (const [itemId, envelope] of store.items) {
          expect((await openItem(envelope, { vaultId: VAULT, itemId }, keyring)).value).toBe(payloads.get(itemId)!.value);
        }
        // What a client does on its next start: finish what is pending, start nothing new.
        const resumed = await resumeVaultKeyRotation({ store, vaultId: VAULT, accountKey, batchSize: 4 });
        const neverStarted = failAt === 1 && when === 'before';
        const alreadyDone = failAt === mutations && when === 'after';
        expect(resumed === null, `crash ${when} write ${failAt}`).toBe(neverStarted || alreadyDone);
        if (neverStarted) {
          expect(store.keyring.current).toBe(1);
          await rotateVaultKey({ store, vaultId: VAULT, accountKey });
        }
        await expectRotated(store, payloads, 2);
      }
    }
  });

  it('merges a concurrent edit from another device instead of overwriting it', async () => {
    const { store, payloads } = await seededStore(6);
    const oldKeyring = await openVaultKeyring(store.keyring, accountKey);
    const edited = rotateValue(payloads.get('item-003')!, 'sk-test-3-rotated-elsewhere', { now });
    payloads.set('item-003', edited);
    // Another device, which has not seen version 2 yet, writes item-003 just before the rotation reaches it.
    const replace = store.replaceItem.bind(store);
    let injected = false;
    store.replaceItem = async (vaultId, itemId, expected, next) => {
      if (itemId === 'item-003' && !injected) {
        injected = true;
        store.items.set(itemId, await sealItem(edited, { vaultId, itemId }, oldKeyring));
      }
      return replace(vaultId, itemId, expected, next);
    };
    await rotateVaultKey({ store, vaultId: VAULT, accountKey, batchSize: 4 });
    expect(injected).toBe(true);
    await expectRotated(store, payloads, 2);
  });

  it('retires the old version only once nothing refers to it', async () => {
    const { store } = await seededStore(5);
    const crashing = crashingStore(store, 4, 'before'); // stops after two re-wraps
    await expect(rotateVaultKey({ store: crashing.store, vaultId: VAULT, accountKey, batchSize: 2 })).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await referencedKeyVersions(store, VAULT)).toEqual(new Set([1, 2]));
    await expectVaultError(() => retireKeyVersion(store.keyring, 1, new Set([1, 2])), 'key-version-in-use');

    expect((await resumeVaultKeyRotation({ store, vaultId: VAULT, accountKey, batchSize: 2 }))?.toVersion).toBe(2);
    expect(await resumeVaultKeyRotation({ store, vaultId: VAULT, accountKey })).toBeNull();
    const referenced = await referencedKeyVersions(store, VAULT);
    expect(referenced).toEqual(new Set([2]));
    await expectVaultError(() => retireKeyVersion(store.keyring, 2, referenced), 'key-version-in-use');
    const retired = retireKeyVersion(store.keyring, 1, referenced);
    expect(retired.keys.map((k) => k.version)).toEqual([2]);
    const keyring = await openVaultKeyring(retired, accountKey);
    expect(keyring.versions()).toEqual([2]);
  });

  it('rotates again from version 2 to 3', async () => {
    const { store, payloads } = await seededStore(3);
    await rotateVaultKey({ store, vaultId: VAULT, accountKey });
    const again = await rotateVaultKey({ store, vaultId: VAULT, accountKey });
    expect(again.toVersion).toBe(3);
    await expectRotated(store, payloads, 3);
  });
});
