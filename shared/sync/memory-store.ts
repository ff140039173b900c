/**
 * An in-memory LocalStore that can be saved as JSON and loaded back (validated), so a host without a
 * database (the CLI) can keep it in one file and tests can inspect it.
 */
import { z } from 'zod';
import type { ChainHead } from '../audit/entry.js';
import { parseOrThrow } from '../util/parse.js';
import { auditIntentSchema, chainHeadSchema, localItemSchema, PutListeners, summaryCacheSchema, type AuditIntent, type ItemPutListener, type LocalItem, type LocalStore, type SummaryCache } from './store.js';

export const syncSnapshotSchema = z.strictObject({
  items: z.array(localItemSchema),
  cursors: z.record(z.string(), z.number().int().nonnegative()),
  auditOutbox: z.array(auditIntentSchema),
  auditHeads: z.record(z.string(), chainHeadSchema),
  /** Sealed summary indexes by vault (docs/crypto.md §26). */
  summaries: z.record(z.string(), summaryCacheSchema).optional(),
});
export type SyncSnapshot = z.infer<typeof syncSnapshotSchema>;

const key = (vaultId: string, itemId: string) => `${vaultId}/${itemId}`;
const clone = <T>(v: T): T => structuredClone(v);

/**
 * A copy of an item, whose parts are flat records of strings, numbers and flags: structuredClone's
 * fixed cost per call made copying 10 000 items for one listing a tenth of a CLI command's time.
 */
function cloneItem(item: LocalItem): LocalItem {
  const copy: LocalItem = { vaultId: item.vaultId, itemId: item.itemId, base: item.base && { ...item.base }, pending: item.pending && { ...item.pending } };
  if (item.proof !== undefined) copy.proof = item.proof && { ...item.proof };
  return copy;
}

export class MemoryStore implements LocalStore {
  private items = new Map<string, LocalItem>();
  /** Keys of the items with a pending write (LocalStore.pendingItems). */
  private outbox = new Set<string>();
  private cursors = new Map<string, number>();
  private audit: AuditIntent[] = [];
  private heads = new Map<string, ChainHead>();
  private summaries = new Map<string, SummaryCache>();
  private readonly puts = new PutListeners();
  /** Counts every change made through this store, so a host can tell that nothing changed without comparing snapshots. */
  private changes = 0;

  static from(input: unknown): MemoryStore {
    return MemoryStore.fromParsed(parseOrThrow(syncSnapshotSchema, input, 'sync state'));
  }

  /**
   * A store over a snapshot its host already validated (the CLI's state file is checked whole, this part
   * included): validating its 10 000 items a second time was a tenth of a command's time. The store
   * takes the snapshot's objects as they are; it never changes them in place.
   */
  static fromParsed(snapshot: SyncSnapshot): MemoryStore {
    const store = new MemoryStore();
    for (const item of snapshot.items) store.keep(item);
    for (const [vaultId, cache] of Object.entries(snapshot.summaries ?? {})) store.summaries.set(vaultId, cache);
    for (const [vaultId, cursor] of Object.entries(snapshot.cursors)) store.cursors.set(vaultId, cursor);
    store.audit = [...snapshot.auditOutbox] as AuditIntent[];
    for (const [vaultId, head] of Object.entries(snapshot.auditHeads)) store.heads.set(vaultId, head);
    return store;
  }

  /** How many changes were made through this store since it was made. */
  get changeCount(): number {
    return this.changes;
  }

  /** Drops everything kept for a vault this device no longer belongs to (left, or removed). */
  forgetVault(vaultId: string): void {
    this.changes++;
    for (const [k, item] of this.items) {
      if (item.vaultId !== vaultId) continue;
      this.items.delete(k);
      this.outbox.delete(k);
    }
    this.cursors.delete(vaultId);
    this.heads.delete(vaultId);
    this.summaries.delete(vaultId);
    this.audit = this.audit.filter((a) => a.vaultId !== vaultId);
  }

  snapshot(): SyncSnapshot {
    return clone({
      items: [...this.items.values()],
      cursors: Object.fromEntries(this.cursors),
      auditOutbox: this.audit,
      auditHeads: Object.fromEntries(this.heads),
      summaries: Object.fromEntries(this.summaries),
    });
  }

  async getItem(vaultId: string, itemId: string) {
    const item = this.items.get(key(vaultId, itemId));
    return item ? cloneItem(item) : null;
  }
  async listItems(vaultId: string) {
    return [...this.items.values()].filter((i) => i.vaultId === vaultId).map(cloneItem);
  }
  async pendingItems(vaultId: string) {
    const queued: LocalItem[] = [];
    for (const k of this.outbox) {
      const item = this.items.get(k)!;
      if (item.vaultId === vaultId) queued.push(cloneItem(item));
    }
    return queued;
  }
  async putItem(item: LocalItem) {
    this.changes++;
    this.keep(cloneItem(item));
    this.puts.tell(item.vaultId, item.itemId);
  }
  onItemPut(listener: ItemPutListener) {
    return this.puts.add(listener);
  }
  async countPending(vaultId: string) {
    let n = 0;
    for (const k of this.outbox) if (this.items.get(k)!.vaultId === vaultId) n++;
    return n;
  }
  async getSummaryCache(vaultId: string) {
    const cache = this.summaries.get(vaultId);
    return cache ? { ...cache } : null;
  }
  async setSummaryCache(vaultId: string, cache: SummaryCache | null) {
    this.changes++;
    if (cache) this.summaries.set(vaultId, { ...cache });
    else this.summaries.delete(vaultId);
  }
  private keep(item: LocalItem) {
    const k = key(item.vaultId, item.itemId);
    this.items.set(k, item);
    if (item.pending) this.outbox.add(k);
    else this.outbox.delete(k);
  }
  async getCursor(vaultId: string) {
    return this.cursors.get(vaultId) ?? 0;
  }
  async setCursor(vaultId: string, cursor: number) {
    this.changes++;
    this.cursors.set(vaultId, cursor);
  }
  async auditOutbox() {
    return clone(this.audit);
  }
  async addAuditIntent(intent: AuditIntent) {
    this.changes++;
    this.audit.push(clone(intent));
  }
  async removeAuditIntent(id: string) {
    this.changes++;
    this.audit = this.audit.filter((i) => i.id !== id);
  }
  async getAuditHead(vaultId: string) {
    const head = this.heads.get(vaultId);
    return head ? clone(head) : null;
  }
  async setAuditHead(vaultId: string, head: ChainHead) {
    this.changes++;
    this.heads.set(vaultId, clone(head));
  }
}
