/** The sync engine's LocalStore over the extension's Dexie database. */
import { PutListeners, summaryCacheSchema, type AuditIntent, type ChainHead, type ItemPutListener, type LocalItem, type LocalStore, type SummaryCache } from '../../shared/index.js';
import type { KeyHavenDatabase } from './database.js';

export class DexieLocalStore implements LocalStore {
  private readonly puts = new PutListeners();

  constructor(private readonly db: KeyHavenDatabase) {}

  async getItem(vaultId: string, itemId: string): Promise<LocalItem | null> {
    return (await this.db.items.get([vaultId, itemId])) ?? null;
  }

  listItems(vaultId: string): Promise<LocalItem[]> {
    return this.db.items.where('vaultId').equals(vaultId).toArray();
  }

  async pendingItems(vaultId: string): Promise<LocalItem[]> {
    return this.db.transaction('r', ['items', 'outbox'], async () => {
      const keys = await this.db.outbox.where('vaultId').equals(vaultId).toArray();
      const items = await this.db.items.bulkGet(keys.map((k) => [k.vaultId, k.itemId]));
      return items.filter((item): item is LocalItem => !!item?.pending);
    });
  }

  /** The item and its place in the outbox change together: a crash between the two cannot lose a pending write. */
  async putItem(item: LocalItem): Promise<void> {
    await this.db.transaction('rw', ['items', 'outbox'], async () => {
      await this.db.items.put(item);
      if (item.pending) await this.db.outbox.put({ vaultId: item.vaultId, itemId: item.itemId });
      else await this.db.outbox.delete([item.vaultId, item.itemId]);
    });
    this.puts.tell(item.vaultId, item.itemId);
  }

  onItemPut(listener: ItemPutListener): () => void {
    return this.puts.add(listener);
  }

  countPending(vaultId: string): Promise<number> {
    return this.db.outbox.where('vaultId').equals(vaultId).count();
  }

  /** A row that is not a cache (altered, or from a broken write) reads as none: the index is built again. */
  async getSummaryCache(vaultId: string): Promise<SummaryCache | null> {
    const parsed = summaryCacheSchema.safeParse((await this.db.summaries.get(vaultId))?.cache);
    return parsed.success ? parsed.data : null;
  }

  async setSummaryCache(vaultId: string, cache: SummaryCache | null): Promise<void> {
    if (cache) await this.db.summaries.put({ vaultId, cache });
    else await this.db.summaries.delete(vaultId);
  }

  async getCursor(vaultId: string): Promise<number> {
    return (await this.db.cursors.get(vaultId))?.cursor ?? 0;
  }

  async setCursor(vaultId: string, cursor: number): Promise<void> {
    await this.db.cursors.put({ vaultId, cursor });
  }

  async auditOutbox(): Promise<AuditIntent[]> {
    return (await this.db.auditOutbox.orderBy('seq').toArray()).map((row) => row.intent);
  }

  async addAuditIntent(intent: AuditIntent): Promise<void> {
    await this.db.auditOutbox.add({ id: intent.id, intent });
  }

  async removeAuditIntent(id: string): Promise<void> {
    await this.db.auditOutbox.where('id').equals(id).delete();
  }

  async getAuditHead(vaultId: string): Promise<ChainHead | null> {
    return (await this.db.auditHeads.get(vaultId))?.head ?? null;
  }

  async setAuditHead(vaultId: string, head: ChainHead): Promise<void> {
    await this.db.auditHeads.put({ vaultId, head });
  }

  /** Drops everything kept for a vault this account left: its items, cursor, queued entries and audit head. */
  async forgetVault(vaultId: string): Promise<void> {
    await this.db.transaction('rw', ['items', 'outbox', 'cursors', 'auditOutbox', 'auditHeads', 'summaries'], async () => {
      await this.db.items.where('vaultId').equals(vaultId).delete();
      await this.db.summaries.delete(vaultId);
      await this.db.outbox.where('vaultId').equals(vaultId).delete();
      await this.db.cursors.delete(vaultId);
      await this.db.auditHeads.delete(vaultId);
      await this.db.auditOutbox.filter((row) => row.intent.vaultId === vaultId).delete();
    });
  }
}
