/**
 * Which items to judge against their proofs after a sync (item-proof.ts): a problem can only appear or
 * go where an item's state changed, and every change goes through the engine's store (a pull, a push,
 * a proof from the chain, a local write). So the engine's store records the items written to it, and a
 * judgement reads those and the ones that had a problem last time, not the whole vault: a sync after
 * one write costs the same in a vault of 10 000 items as in an empty one. The first judgement of a
 * vault by this engine reads every item, which also covers anything written before the engine started
 * or by another writer of the same store.
 */
import type { AuditIntent, KnownHead, LocalItem, LocalStore } from './store.js';

/** A LocalStore that passes everything through and notes each item written to it. */
class RecordingStore implements LocalStore {
  constructor(
    private readonly inner: LocalStore,
    private readonly onWrite: (vaultId: string, itemId: string) => void,
  ) {}
  getItem(vaultId: string, itemId: string) { return this.inner.getItem(vaultId, itemId); }
  listItems(vaultId: string) { return this.inner.listItems(vaultId); }
  pendingItems(vaultId: string) { return this.inner.pendingItems(vaultId); }
  async putItem(item: LocalItem) {
    await this.inner.putItem(item);
    this.onWrite(item.vaultId, item.itemId);
  }
  getCursor(vaultId: string) { return this.inner.getCursor(vaultId); }
  setCursor(vaultId: string, cursor: number) { return this.inner.setCursor(vaultId, cursor); }
  auditOutbox() { return this.inner.auditOutbox(); }
  addAuditIntent(intent: AuditIntent) { return this.inner.addAuditIntent(intent); }
  removeAuditIntent(id: string) { return this.inner.removeAuditIntent(id); }
  getAuditHead(vaultId: string) { return this.inner.getAuditHead(vaultId); }
  setAuditHead(vaultId: string, head: KnownHead) { return this.inner.setAuditHead(vaultId, head); }
}

export class ItemWatch {
  /** Items written since they were last judged, by vault. */
  private readonly written = new Map<string, Set<string>>();
  /** Items that had a problem at the last judgement, by vault. */
  private readonly flagged = new Map<string, Set<string>>();
  /** Vaults this engine has judged in full once. */
  private readonly judgedInFull = new Set<string>();
  /** The store to hand to everything that writes items: the same store, recording what is written. */
  readonly store: LocalStore;

  constructor(private readonly inner: LocalStore) {
    this.store = new RecordingStore(inner, (vaultId, itemId) => {
      let ids = this.written.get(vaultId);
      if (!ids) this.written.set(vaultId, (ids = new Set()));
      ids.add(itemId);
    });
  }

  /**
   * The items to judge now: every item the first time, else the ones written since the last
   * judgement and the ones flagged then. What is written while the caller judges stays recorded for
   * the next time.
   */
  async toJudge(vaultId: string): Promise<LocalItem[]> {
    const ids = this.written.get(vaultId) ?? new Set<string>();
    this.written.delete(vaultId);
    if (!this.judgedInFull.has(vaultId)) return this.inner.listItems(vaultId);
    for (const id of this.flagged.get(vaultId) ?? []) ids.add(id);
    const items = await Promise.all([...ids].map((id) => this.inner.getItem(vaultId, id)));
    return items.filter((item): item is LocalItem => item !== null);
  }

  /** Records a judgement: which of the judged items have a problem now. */
  judged(vaultId: string, held: readonly LocalItem[], hasProblem: (item: LocalItem) => boolean): void {
    const flagged = (this.judgedInFull.has(vaultId) && this.flagged.get(vaultId)) || new Set<string>();
    for (const item of held) {
      if (hasProblem(item)) flagged.add(item.itemId);
      else flagged.delete(item.itemId);
    }
    this.flagged.set(vaultId, flagged);
    this.judgedInFull.add(vaultId);
  }
}
