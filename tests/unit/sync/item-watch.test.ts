/**
 * The item watch's bookkeeping (shared/sync/item-watch.ts) where a real server cannot reach it: a read
 * that fails while judging must leave the written items to judge next time, not drop them.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, type LocalItem } from '../../../shared/index.js';
import { ItemWatch } from '../../../shared/sync/item-watch.js';

const heldBack: LocalItem = { vaultId: 'v', itemId: 'a', base: { revision: 1, blob: 'b', deleted: false }, pending: null, proof: { rev: 2, hash: 'h', deleted: false, seq: 9 } };

class FlakyStore extends MemoryStore {
  failNextRead = false;
  override async getItem(vaultId: string, itemId: string) {
    if (this.failNextRead) {
      this.failNextRead = false;
      throw new Error('the database was closed under the read');
    }
    return super.getItem(vaultId, itemId);
  }
}

describe('ItemWatch', () => {
  it('judges every item first, then what was written; a failed read leaves them for the next judgement', async () => {
    const store = new FlakyStore();
    const watch = new ItemWatch(store);
    const first = await watch.toJudge('v');
    expect(first).toEqual({ items: [], whole: true });
    watch.judged('v', first, () => false);

    await watch.store.putItem(heldBack);
    store.failNextRead = true;
    await expect(watch.toJudge('v')).rejects.toThrow(/closed/);
    const again = await watch.toJudge('v');
    expect(again).toEqual({ items: [heldBack], whole: false });
  });

  it('judges every item again once something else moved the vault\'s cursor in the store', async () => {
    const store = new MemoryStore();
    const watch = new ItemWatch(store);
    await store.putItem(heldBack);
    watch.judged('v', await watch.toJudge('v'), () => false);
    expect((await watch.toJudge('v')).whole).toBe(false);
    await store.setCursor('v', 7);
    expect(await watch.toJudge('v')).toEqual({ items: [heldBack], whole: true });
  });
});
