/**
 * The CLI skips writing its state file when the store says nothing changed (cli/vault.ts `save`): the
 * count must move on every change, and nothing handed out may change the store behind its back.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, type SyncSnapshot } from '../../../shared/index.js';

const item = (itemId: string) => ({ vaultId: 'v1', itemId, base: { revision: 1, blob: 'b', deleted: false }, pending: null });
const head = { seq: 3, hash: 'h', ts: 1 };

describe('MemoryStore change count', () => {
  it('moves on every kind of change and not on reads', async () => {
    const store = MemoryStore.from({ items: [item('a')], cursors: {}, auditOutbox: [], auditHeads: {} });
    expect(store.changeCount).toBe(0);
    await store.getItem('v1', 'a');
    await store.listItems('v1');
    await store.pendingItems('v1');
    await store.getSummaryCache('v1');
    await store.getAuditHead('v1');
    await store.auditOutbox();
    expect(store.changeCount).toBe(0);
    const changes: (() => Promise<void> | void)[] = [
      () => store.putItem(item('b')),
      () => store.setCursor('v1', 2),
      () => store.setSummaryCache('v1', { sealed: 'x' }),
      () => store.setAuditHead('v1', head),
      () => store.addAuditIntent({ id: 'i', vaultId: 'v1', action: 'item.copy', itemId: 'a', at: 'now' }),
      () => store.removeAuditIntent('i'),
      () => store.forgetVault('v2'),
    ];
    for (const [n, change] of changes.entries()) {
      await change();
      expect(store.changeCount).toBe(n + 1);
    }
  });

  it('hands out copies, and keeps none of what it was given, so only its own methods change it', async () => {
    const snapshot: SyncSnapshot = { items: [item('a')], cursors: {}, auditOutbox: [], auditHeads: { v1: { ...head } }, summaries: { v1: { sealed: 's' } } };
    const store = MemoryStore.fromParsed(snapshot);
    (await store.getItem('v1', 'a'))!.base!.revision = 9;
    (await store.listItems('v1'))[0]!.pending = { blob: 'z', queuedAt: 'now' };
    (await store.getAuditHead('v1'))!.seq = 9;
    (await store.getSummaryCache('v1'))!.sealed = 'changed';
    const given = { seq: 4, hash: 'g', ts: 2 };
    await store.setAuditHead('v1', given);
    given.seq = 99;
    const cache = { sealed: 'mine' };
    await store.setSummaryCache('v2', cache);
    cache.sealed = 'changed';
    expect(await store.getItem('v1', 'a')).toEqual(item('a'));
    expect(await store.getAuditHead('v1')).toEqual({ seq: 4, hash: 'g', ts: 2 });
    expect(await store.getSummaryCache('v1')).toEqual({ sealed: 's' });
    expect(await store.getSummaryCache('v2')).toEqual({ sealed: 'mine' });
  });
});
