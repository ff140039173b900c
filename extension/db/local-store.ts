/** The sync engine's LocalStore over the extension's Dexie database. */
import type { AuditIntent, ChainHead, LocalItem, LocalStore } from '../../shared/index.js';
import type { KeyHavenDatabase } from './database.js';

export class DexieLocalStore implements LocalStore {
  constructor(private readonly db: KeyHavenDatabase) {}

  async getItem(vaultId: string, itemId: string): Promise<LocalItem | null> {
    return (await this.db.items.get([vaultId, itemId])) ?? null;
  }

  listItems(vaultId: string): Promise<LocalItem[]> {
    return this.db.items.where('vaultId').equals(vaultId).toArray();
  }

  async putItem(item: LocalItem): Promise<void> {
    await this.db.items.put(item);
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
}
