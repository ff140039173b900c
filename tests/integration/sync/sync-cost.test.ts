/**
 * A sync after one write reads what changed, not the vault: the same number of local reads in a vault
 * of 40 items as in one of 400, and never the whole vault once this engine has judged it. (Speed itself
 * is measured in `npm run bench`; this is the property that keeps it flat.) Judging less must not mean
 * missing a problem: an engine replaced while its last sync lands still leaves the new one reporting it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createItem, MemoryStore, rotateValue, type LocalItem } from '../../../shared/index.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, type TestUser } from '../../support/users.js';

const server = useCluster();
let user: TestUser;
beforeAll(async () => {
  user = await registerUser(server.base);
});

/** A MemoryStore that counts the items it hands out. */
class CountingStore extends MemoryStore {
  itemsRead = 0;
  wholeVaultReads = 0;
  override async getItem(vaultId: string, itemId: string) {
    this.itemsRead++;
    return super.getItem(vaultId, itemId);
  }
  override async listItems(vaultId: string): Promise<LocalItem[]> {
    this.wholeVaultReads++;
    const items = await super.listItems(vaultId);
    this.itemsRead += items.length;
    return items;
  }
  override async pendingItems(vaultId: string): Promise<LocalItem[]> {
    const items = await super.pendingItems(vaultId);
    this.itemsRead += items.length;
    return items;
  }
}

/** Local item reads of a writer's sync after one write, and of another device's sync that takes it. */
async function readsForOneChange(size: number): Promise<{ writer: number; reader: number; wholeVault: number }> {
  const vault = await createVault(server.base, user);
  const writerStore = new CountingStore();
  const readerStore = new CountingStore();
  const writer = engineFor(server.base, user, user.device, vault, writerStore);
  const reader = engineFor(server.base, user, await loginNewDevice(server.base, user, `reader of ${size}`), vault, readerStore);
  await writer.engine.sync([vault.vaultId]);
  for (let i = 0; i < size; i++) await writer.engine.write(vault.vaultId, randomUUID(), createItem({ name: `key ${i}`, value: `sk-test-${randomUUID()}` }, new Date()));
  await writer.engine.sync([vault.vaultId]);
  // A device verifies the chain records of its last sync at its next one (reading each item they
  // name): settled once, so that what is counted below is one change and nothing before it.
  await writer.engine.sync([vault.vaultId]);
  expect((await reader.engine.sync([vault.vaultId])).integrity).toEqual([]);

  writerStore.itemsRead = readerStore.itemsRead = writerStore.wholeVaultReads = readerStore.wholeVaultReads = 0;
  await writer.engine.write(vault.vaultId, randomUUID(), createItem({ name: 'one more', value: `sk-test-${randomUUID()}` }, new Date()));
  const pushed = await writer.engine.sync([vault.vaultId]);
  const pulled = await reader.engine.sync([vault.vaultId]);
  expect([pushed.pushed, pulled.pulled, pulled.integrity]).toEqual([1, 1, []]);
  return { writer: writerStore.itemsRead, reader: readerStore.itemsRead, wholeVault: writerStore.wholeVaultReads + readerStore.wholeVaultReads };
}

describe('sync cost', () => {
  it('reads the same few local items for one change in a vault of 40 items and of 400', async () => {
    const small = await readsForOneChange(40);
    const large = await readsForOneChange(400);
    expect(large).toEqual(small);
    expect(large.wholeVault).toBe(0);
    expect(large.writer + large.reader).toBeLessThan(20);
  }, 120_000);

  it('an engine that replaced another over the same store reports a hold-back the old one\'s late sync found', async () => {
    const sql = server.cluster.database.sql;
    const vault = await createVault(server.base, user);
    const laptop = engineFor(server.base, user, user.device, vault);
    const key = randomUUID();
    await laptop.engine.write(vault.vaultId, key, createItem({ name: 'Stripe live', value: 'sk_live_OLD_0000000000' }, new Date()));
    await laptop.engine.sync([vault.vaultId]);
    const [first] = await sql<{ blob: string }[]>`select blob from items where vault_id = ${vault.vaultId} and id = ${key}`;

    // The phone's session is replaced (an unlock, a key rotation): the old engine's sync is still out.
    const phone = await loginNewDevice(server.base, user, 'phone');
    const store = new MemoryStore();
    const old = engineFor(server.base, user, phone, vault, store);
    expect((await old.engine.sync([vault.vaultId])).integrity).toEqual([]);
    const current = engineFor(server.base, user, phone, vault, store);
    expect((await current.engine.sync([vault.vaultId])).integrity).toEqual([]);

    // The key is rotated, and the operator serves the leaked revision again.
    await laptop.engine.update(vault.vaultId, key, (p) => rotateValue(p, 'sk_live_NEW_1111111111', { reason: 'leaked', now: new Date() }));
    await laptop.engine.sync([vault.vaultId]);
    await sql`update items set revision = 1, blob = ${first!.blob}, seq = (select item_seq + 1 from vaults where id = ${vault.vaultId}) where vault_id = ${vault.vaultId} and id = ${key}`;
    await sql`update vaults set item_seq = item_seq + 1 where id = ${vault.vaultId}`;

    // The old engine's late sync adopts the chain's proof of revision 2; its report goes nowhere.
    expect((await old.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ itemId: key, reason: 'held-back' })]);
    // The engine whose reports the user sees says so too, on every sync until it is fixed.
    for (let i = 0; i < 2; i++) expect((await current.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ itemId: key, reason: 'held-back' })]);
  }, 60_000);
});
