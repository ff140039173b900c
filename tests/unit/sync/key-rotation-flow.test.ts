/**
 * A vault-key rotation as the clients run it: each step in the signed chain, and the new version handed
 * out before the rotation counts as finished, whatever point a crash or a failed hand-out cuts it at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createItem, createVaultKeyring, openItem, openVaultKeyring, runKeyRotation, sealItem, type AccountKey, type KeyRotationFlow } from '../../../shared/index.js';
import { testAccount } from '../../support/keys.js';
import { crashingStore, MemoryRotationStore, SimulatedCrash } from '../../support/memory-rotation-store.js';

const VAULT = 'vault-flow';
let accountKey: AccountKey;
beforeAll(async () => {
  ({ accountKey } = await testAccount());
});

async function seeded(count: number) {
  const { record, keyring } = await createVaultKeyring(accountKey, { vaultId: VAULT, now: new Date('2026-09-01T00:00:00Z') });
  const store = new MemoryRotationStore(record);
  for (let i = 0; i < count; i++) {
    const itemId = `item-${i}`;
    store.items.set(itemId, await sealItem(createItem({ name: `key ${i}`, value: `sk-flow-${i}-abcdefghij` }, new Date()), { vaultId: VAULT, itemId }, keyring));
  }
  return store;
}

/** What the chain would hold (phases in order) and which versions were handed out. */
function recorder(failPublish = 0) {
  const steps: Record<string, unknown>[] = [];
  const published: number[] = [];
  let failures = failPublish;
  const flow = (store: KeyRotationFlow['store']): KeyRotationFlow => ({
    audit: { recordAudit: async (_v, action, _i, detail) => void steps.push({ action, ...detail }) },
    store,
    vaultId: VAULT,
    accountKey,
    batchSize: 2,
    publish: async (toVersion) => {
      if (failures-- > 0) throw new Error('server unreachable');
      published.push(toVersion);
    },
  });
  return { steps, published, flow };
}

async function expectAllReadableOn(store: MemoryRotationStore, version: number) {
  const keyring = await openVaultKeyring(store.keyring, accountKey);
  for (const [itemId, envelope] of store.items) {
    expect(envelope.kv).toBe(version);
    expect((await openItem(envelope, { vaultId: VAULT, itemId }, keyring)).name).toMatch(/^key \d$/);
  }
}

describe('runKeyRotation', () => {
  it('records start, a checkpoint at each quarter, and completion in the chain', async () => {
    const store = await seeded(9);
    const { steps, published, flow } = recorder();
    expect(await runKeyRotation(flow(store))).toEqual({ toVersion: 2, rewrapped: 9 });
    expect(steps.map((s) => s.phase)).toEqual(['start', 'checkpoint', 'checkpoint', 'checkpoint', 'done']);
    expect(steps.every((s) => s.action === 'vault.key-rotate')).toBe(true);
    expect(steps[0]).toMatchObject({ fromVersion: 1 });
    expect(steps[1]).toMatchObject({ toVersion: 2, done: 4, total: 9 });
    expect(published).toEqual([2]);
    expect(store.rotation).toBeNull();
  });

  it('hands the new version out before anything is written under it, and finishes on resume after a failed hand-out', async () => {
    const store = await seeded(5);
    const { steps, published, flow } = recorder(1);
    await expect(runKeyRotation(flow(store))).rejects.toThrow('server unreachable');
    // The failure is recorded as a code: a server's words are never signed into the chain.
    expect(steps.at(-1)).toEqual({ action: 'vault.key-rotate', phase: 'failed', reason: 'unexpected' });
    expect(store.rotation).not.toBeNull(); // pending, resumed next time
    expect(store.keyring.current).toBe(1); // nothing new is written under a version nobody else has
    await expectAllReadableOn(store, 1);
    expect(await runKeyRotation(flow(store), { resumeOnly: true })).toEqual({ toVersion: 2, rewrapped: 5 });
    expect(published).toEqual([2]);
    expect(steps.map((s) => s.phase)).toEqual(['start', 'failed', 'checkpoint', 'checkpoint', 'done']); // a quiet retry records only what it gets done
    expect(store.rotation).toBeNull();
    expect(await runKeyRotation(flow(store), { resumeOnly: true })).toBeNull();
  });

  it('after a crash at any write, the next start finishes the rotation and hands its version out', async () => {
    const probe = crashingStore(await seeded(5), Number.POSITIVE_INFINITY, 'before');
    await runKeyRotation(recorder().flow(probe.store));
    const writes = probe.count();
    for (const when of ['before', 'after'] as const) {
      for (let failAt = 1; failAt <= writes; failAt++) {
        const store = await seeded(5);
        const { published, flow, steps } = recorder();
        await expect(runKeyRotation(flow(crashingStore(store, failAt, when).store))).rejects.toBeInstanceOf(SimulatedCrash);
        const resumed = await runKeyRotation(flow(store), { resumeOnly: true });
        if (resumed === null) {
          // Cut before it began (nothing to hand out), or after it was handed out and cleared.
          expect(published.length === 1 || store.keyring.current === 1, `crash ${when} write ${failAt}`).toBe(true);
          if (store.keyring.current === 1) await runKeyRotation(flow(store));
        }
        expect(published.at(-1), `crash ${when} write ${failAt}`).toBe(2);
        expect(store.rotation).toBeNull();
        await expectAllReadableOn(store, 2);
        // Its completion is in the chain even when the crash came right after the state was cleared.
        expect(steps.filter((s) => s.phase === 'done').length, `crash ${when} write ${failAt}`).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
