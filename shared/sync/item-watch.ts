/**
 * Which items to judge against their proofs after a sync (item-proof.ts): a problem can only appear or
 * go where an item's state changed, and every change an engine makes goes through its store (a pull, a
 * push, a proof from the chain, a local write). So the engine's store records the items written to it,
 * and a judgement reads those and the ones that had a problem last time, not the whole vault: a sync
 * after one write costs the same in a vault of 10 000 items as in an empty one.
 *
 * Every item is judged the first time, and again whenever the vault's cursor or audit head in the store
 * is not what this engine left there: another writer of the same store (an engine being replaced while
 * its last sync finishes) moved it, and may have written items this one did not see.
 */
import type { AuditIntent, ItemPutListener, KnownHead, LocalItem, LocalStore, SummaryCache } from './store.js';

interface WatchHooks {
  itemWritten(vaultId: string, itemId: string): void;
  /** Around a write of the vault's cursor or audit head. */
  marking(vaultId: string): Promise<void>;
  marked(vaultId: string): Promise<void>;
}

/** A LocalStore that passes everything through and tells the watch what is written to it. */
class RecordingStore implements LocalStore {
  constructor(
    private readonly inner: LocalStore,
    private readonly hooks: WatchHooks,
  ) {}
  getItem(vaultId: string, itemId: string) { return this.inner.getItem(vaultId, itemId); }
  listItems(vaultId: string) { return this.inner.listItems(vaultId); }
  pendingItems(vaultId: string) { return this.inner.pendingItems(vaultId); }
  async putItem(item: LocalItem) {
    await this.inner.putItem(item);
    this.hooks.itemWritten(item.vaultId, item.itemId);
  }
  onItemPut(listener: ItemPutListener) { return this.inner.onItemPut(listener); }
  countPending(vaultId: string) { return this.inner.countPending(vaultId); }
  getSummaryCache(vaultId: string) { return this.inner.getSummaryCache(vaultId); }
  setSummaryCache(vaultId: string, cache: SummaryCache | null) { return this.inner.setSummaryCache(vaultId, cache); }
  getCursor(vaultId: string) { return this.inner.getCursor(vaultId); }
  async setCursor(vaultId: string, cursor: number) {
    await this.hooks.marking(vaultId);
    await this.inner.setCursor(vaultId, cursor);
    await this.hooks.marked(vaultId);
  }
  auditOutbox() { return this.inner.auditOutbox(); }
  addAuditIntent(intent: AuditIntent) { return this.inner.addAuditIntent(intent); }
  removeAuditIntent(id: string) { return this.inner.removeAuditIntent(id); }
  getAuditHead(vaultId: string) { return this.inner.getAuditHead(vaultId); }
  async setAuditHead(vaultId: string, head: KnownHead) {
    await this.hooks.marking(vaultId);
    await this.inner.setAuditHead(vaultId, head);
    await this.hooks.marked(vaultId);
  }
}

/** The items to judge, and whether they are all the vault's. */
export interface Judgement {
  items: LocalItem[];
  whole: boolean;
}

export class ItemWatch {
  /** Items written since they were last judged, by vault. */
  private readonly written = new Map<string, Set<string>>();
  /** Items that had a problem at the last judgement, by vault. */
  private readonly flagged = new Map<string, Set<string>>();
  /** Vaults whose items are all known to this watch: judged in full once, no other writer seen since. */
  private readonly known = new Set<string>();
  /** The cursor and audit head this engine last saw in the store, by vault. */
  private readonly marks = new Map<string, string>();
  /** The store to hand to everything that writes items: the same store, recording what is written. */
  readonly store: LocalStore;

  constructor(private readonly inner: LocalStore) {
    this.store = new RecordingStore(inner, {
      itemWritten: (vaultId, itemId) => this.noteWritten(vaultId, itemId),
      marking: async (vaultId) => {
        if (this.marks.has(vaultId) && this.marks.get(vaultId) !== (await this.markOf(vaultId))) this.known.delete(vaultId);
      },
      marked: async (vaultId) => void this.marks.set(vaultId, await this.markOf(vaultId)),
    });
  }

  /**
   * The items to judge now: every item when this watch does not know them all, else the ones written
   * since the last judgement and the ones flagged then. What is written while the caller judges stays
   * recorded for the next time.
   */
  async toJudge(vaultId: string): Promise<Judgement> {
    const mark = await this.markOf(vaultId);
    if (this.marks.get(vaultId) !== mark) this.known.delete(vaultId);
    this.marks.set(vaultId, mark);
    const ids = this.written.get(vaultId) ?? new Set<string>();
    this.written.delete(vaultId);
    try {
      if (!this.known.has(vaultId)) return { items: await this.inner.listItems(vaultId), whole: true };
      for (const id of this.flagged.get(vaultId) ?? []) ids.add(id);
      const items = await Promise.all([...ids].map((id) => this.inner.getItem(vaultId, id)));
      return { items: items.filter((item): item is LocalItem => item !== null), whole: false };
    } catch (error) {
      // Not judged now: judged next time.
      for (const id of ids) this.noteWritten(vaultId, id);
      throw error;
    }
  }

  /** Records which of the judged items have a problem now. */
  judged(vaultId: string, { items, whole }: Judgement, hasProblem: (item: LocalItem) => boolean): void {
    const flagged = (!whole && this.flagged.get(vaultId)) || new Set<string>();
    for (const item of items) {
      if (hasProblem(item)) flagged.add(item.itemId);
      else flagged.delete(item.itemId);
    }
    this.flagged.set(vaultId, flagged);
    if (whole) this.known.add(vaultId);
  }

  private noteWritten(vaultId: string, itemId: string): void {
    let ids = this.written.get(vaultId);
    if (!ids) this.written.set(vaultId, (ids = new Set()));
    ids.add(itemId);
  }

  private async markOf(vaultId: string): Promise<string> {
    const [cursor, head] = await Promise.all([this.inner.getCursor(vaultId), this.inner.getAuditHead(vaultId)]);
    return `${cursor}/${head?.seq ?? 0}/${head?.hash ?? ''}`;
  }
}
