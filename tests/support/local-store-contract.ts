/**
 * What every LocalStore must do, as one suite: the in-memory store, the extension's Dexie store and
 * any later one run the same checks. `reopen` hands back a store over the same data (a restarted
 * service worker, a reloaded CLI state) to show that nothing lives only in memory.
 */
import { describe, expect, it } from 'vitest';
import type { AuditIntent, LocalItem, LocalStore } from '../../shared/index.js';

export interface StoreFactory {
  create(): Promise<{ store: LocalStore; reopen(): Promise<LocalStore> }>;
}

const item = (vaultId: string, itemId: string, extra: Partial<LocalItem> = {}): LocalItem => ({
  vaultId,
  itemId,
  base: { revision: 1, blob: `envelope-${itemId}`, deleted: false },
  pending: null,
  ...extra,
});
const intent = (id: string, vaultId = 'v1'): AuditIntent => ({ id, vaultId, action: 'item.reveal', itemId: 'i1', detail: { n: id }, at: '2026-11-21T12:00:00.000Z' });

export function localStoreContract(name: string, factory: StoreFactory): void {
  describe(`LocalStore contract: ${name}`, () => {
    it('stores items per vault, replaces them whole, and returns copies', async () => {
      const { store } = await factory.create();
      await store.putItem(item('v1', 'a'));
      await store.putItem(item('v1', 'b'));
      await store.putItem(item('v2', 'a', { pending: { blob: null, queuedAt: '2026-11-21T12:00:00.000Z' } }));
      expect((await store.listItems('v1')).map((i) => i.itemId).sort()).toEqual(['a', 'b']);
      expect(await store.getItem('v2', 'a')).toMatchObject({ pending: { blob: null } });
      expect(await store.getItem('v1', 'missing')).toBeNull();
      await store.putItem(item('v1', 'a', { base: { revision: 2, blob: 'newer', deleted: false } }));
      expect((await store.getItem('v1', 'a'))!.base).toEqual({ revision: 2, blob: 'newer', deleted: false });
      const copy = (await store.getItem('v1', 'a'))!;
      copy.base!.revision = 99;
      expect((await store.getItem('v1', 'a'))!.base!.revision).toBe(2);
    });

    it('lists the outbox per vault: an item joins it with a pending write and leaves it once acknowledged, across a reopen', async () => {
      const { store, reopen } = await factory.create();
      const queued = { blob: 'local-envelope', queuedAt: '2026-12-07T12:00:00.000Z' };
      for (let i = 0; i < 20; i++) await store.putItem(item('v1', `synced-${i}`));
      await store.putItem(item('v1', 'edited', { pending: queued }));
      await store.putItem(item('v1', 'deleted', { pending: { blob: null, queuedAt: queued.queuedAt } }));
      await store.putItem(item('v2', 'other vault', { pending: queued }));
      expect((await store.pendingItems('v1')).map((i) => i.itemId).sort()).toEqual(['deleted', 'edited']);
      expect((await store.pendingItems('v1')).find((i) => i.itemId === 'edited')).toMatchObject({ pending: queued });
      // The server's "ok": the write becomes the base and the item leaves the outbox.
      await store.putItem(item('v1', 'edited', { base: { revision: 2, blob: 'local-envelope', deleted: false } }));
      const again = await reopen();
      expect((await again.pendingItems('v1')).map((i) => i.itemId)).toEqual(['deleted']);
      expect((await again.pendingItems('v2')).map((i) => i.itemId)).toEqual(['other vault']);
      expect(await again.pendingItems('v3')).toEqual([]);
    });

    it('keeps a cursor per vault, starting at 0', async () => {
      const { store } = await factory.create();
      expect(await store.getCursor('v1')).toBe(0);
      await store.setCursor('v1', 42);
      await store.setCursor('v2', 7);
      expect([await store.getCursor('v1'), await store.getCursor('v2')]).toEqual([42, 7]);
    });

    it('keeps the audit outbox in the order entries were queued, and removes by id', async () => {
      const { store } = await factory.create();
      for (const id of ['first', 'second', 'third']) await store.addAuditIntent(intent(id));
      await store.removeAuditIntent('second');
      expect((await store.auditOutbox()).map((i) => i.id)).toEqual(['first', 'third']);
      expect((await store.auditOutbox())[0]).toEqual(intent('first'));
    });

    it('remembers the newest audit head seen per vault', async () => {
      const { store } = await factory.create();
      expect(await store.getAuditHead('v1')).toBeNull();
      await store.setAuditHead('v1', { seq: 3, hash: 'h3', ts: 30 });
      expect(await store.getAuditHead('v1')).toEqual({ seq: 3, hash: 'h3', ts: 30 });
    });

    it('keeps a sealed summary index per vault across a reopen', async () => {
      const { store, reopen } = await factory.create();
      expect(await store.getSummaryCache('v1')).toBeNull();
      await store.setSummaryCache('v1', { sealed: 'sealed-one' });
      await store.setSummaryCache('v2', { sealed: 'sealed-two' });
      await store.setSummaryCache('v1', { sealed: 'sealed-one-again' });
      const again = await reopen();
      expect(await again.getSummaryCache('v1')).toEqual({ sealed: 'sealed-one-again' });
      expect(await again.getSummaryCache('v2')).toEqual({ sealed: 'sealed-two' });
    });

    it('keeps everything across a reopen: pending writes and queued audit entries survive', async () => {
      const { store, reopen } = await factory.create();
      await store.putItem(item('v1', 'a', { pending: { blob: 'not yet pushed', queuedAt: '2026-11-21T12:00:00.000Z' } }));
      await store.setCursor('v1', 5);
      await store.addAuditIntent(intent('queued'));
      await store.setAuditHead('v1', { seq: 1, hash: 'h1', ts: 10 });
      const again = await reopen();
      expect(await again.getItem('v1', 'a')).toMatchObject({ pending: { blob: 'not yet pushed' } });
      expect(await again.getCursor('v1')).toBe(5);
      expect((await again.auditOutbox()).map((i) => i.id)).toEqual(['queued']);
      expect(await again.getAuditHead('v1')).toEqual({ seq: 1, hash: 'h1', ts: 10 });
    });
  });
}
