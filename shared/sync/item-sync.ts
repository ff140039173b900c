/**
 * Items between the local store and the server: local writes into the outbox, pulls that apply the
 * server's changes (merging them into pending writes), and pushes of the outbox.
 *
 * Nothing a user writes is lost to timing: every read-modify-write of an item (a local write, a pulled
 * change, a push's answer) runs under that item's lock and re-reads the item there, so an edit made
 * while a push or a pull of the same item is in flight survives it, and a push's "ok" clears only the
 * write it acknowledged. One ItemSync (one engine) owns a store: the extension's worker has one, and the
 * CLI holds a lock on its home for the whole command.
 */
import { SyncError } from '../errors.js';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { openItem, readEnvelope, sealItem } from '../vault/envelope.js';
import type { ItemPayload } from '../vault/item.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import type { SyncEvent } from './engine.js';
import { rebasePending, type ItemCodec } from './rebase.js';
import { currentBlob, type LocalItem, type LocalStore, type ServerState } from './store.js';

export interface ItemSyncOptions {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  now: () => Date;
  emit(event: SyncEvent): void;
  /** Told of every merge that had to keep both sides of a field. */
  onConflict(): void;
}

export class ItemSync {
  private readonly itemLock = new KeyedLock();

  constructor(private readonly options: ItemSyncOptions) {}

  private get now() {
    return this.options.now;
  }

  private emit(event: SyncEvent) {
    this.options.emit(event);
  }

  async open(vaultId: string, itemId: string, blob: string): Promise<ItemPayload> {
    return openItem(readEnvelope(blob), { vaultId, itemId }, await this.options.keyringFor(vaultId));
  }

  private async seal(vaultId: string, itemId: string, payload: ItemPayload): Promise<string> {
    return JSON.stringify(await sealItem(payload, { vaultId, itemId }, await this.options.keyringFor(vaultId)));
  }

  private codec(vaultId: string, itemId: string): ItemCodec {
    return { open: (blob) => this.open(vaultId, itemId, blob), seal: (payload) => this.seal(vaultId, itemId, payload) };
  }

  /** Runs a read-modify-write of one item with the item as it is now (never a copy from before an await). */
  private withItem<T>(vaultId: string, itemId: string, fn: (item: LocalItem) => Promise<T>): Promise<T> {
    return this.itemLock.run(`${vaultId}/${itemId}`, async () => fn((await this.options.store.getItem(vaultId, itemId)) ?? { vaultId, itemId, base: null, pending: null }));
  }

  /** Writes an item blind (a new item, an import); to change an existing one, use `update`. */
  async write(vaultId: string, itemId: string, payload: ItemPayload | null): Promise<void> {
    const blob = payload === null ? null : await this.seal(vaultId, itemId, payload);
    const queuedAt = this.now().toISOString();
    await this.withItem(vaultId, itemId, (item) => this.options.store.putItem({ ...item, pending: { blob, queuedAt } }));
  }

  /**
   * Changes an item from what it is at this moment: `change` gets the current payload (a pull may have
   * brought a newer one since the screen showed it) and returns the next one, or null to delete. The
   * read and the write happen under the item's lock, so a sync cannot slip between them and have its
   * change overwritten by an edit made on the older version. Null when the item does not exist (any more).
   */
  async update(vaultId: string, itemId: string, change: (current: ItemPayload) => ItemPayload | null): Promise<{ before: ItemPayload; after: ItemPayload | null } | null> {
    return this.withItem(vaultId, itemId, async (item) => {
      const blob = currentBlob(item);
      if (!blob) return null;
      const before = await this.open(vaultId, itemId, blob);
      const after = change(before);
      const sealed = after === null ? null : await this.seal(vaultId, itemId, after);
      await this.options.store.putItem({ ...item, pending: { blob: sealed, queuedAt: this.now().toISOString() } });
      return { before, after };
    });
  }

  async pull(vaultId: string): Promise<number> {
    const { api, store } = this.options;
    let cursor = await store.getCursor(vaultId);
    const summary = await api.vault(vaultId);
    if (summary.seq < cursor) {
      this.emit({ type: 'rollback', vaultId, itemId: null, message: `the server's vault is at change ${summary.seq}, but this device has seen ${cursor}` });
      throw new SyncError('rollback', `the server rolled vault ${vaultId} back from change ${cursor} to ${summary.seq}; refusing to sync it`);
    }
    let applied = 0;
    for (;;) {
      const page = await api.changes(vaultId, cursor, PROTOCOL_LIMITS.pageSize);
      for (const change of page.changes) {
        const remote = { revision: change.revision, blob: change.blob, deleted: change.deleted };
        if (await this.withItem(vaultId, change.itemId, (local) => this.applyRemote(local, remote))) applied++;
      }
      cursor = Math.max(cursor, page.cursor);
      await store.setCursor(vaultId, cursor);
      if (!page.hasMore) return applied;
    }
  }

  /** Takes a server state for an item, merging it into a pending write if there is one. Call under the item's lock. */
  private async applyRemote(local: LocalItem, remote: ServerState): Promise<boolean> {
    const { vaultId, itemId } = local;
    if (local.base && remote.revision < local.base.revision) {
      this.emit({ type: 'rollback', vaultId, itemId, message: `the server sent revision ${remote.revision}; this device has seen ${local.base.revision}` });
      return false;
    }
    if (local.base && remote.revision === local.base.revision) return false;
    let pending: LocalItem['pending'] = null;
    if (local.pending) {
      const outcome = await rebasePending(local.base, local.pending, remote, this.codec(vaultId, itemId), this.now());
      pending = outcome.pending;
      if (outcome.unreadable) this.emit({ type: 'unreadable', vaultId, itemId, message: outcome.unreadable });
      if (outcome.conflicts.length > 0) {
        this.options.onConflict();
        this.emit({ type: 'conflict', vaultId, itemId, fields: outcome.conflicts });
      }
    }
    await this.options.store.putItem({ ...local, base: remote, pending });
    return true;
  }

  /**
   * Pushes pending writes. `stale`: refused as stale (merged, to push again); `unsent`: written here
   * while the push was in flight, so still pending on top of what the server acknowledged.
   */
  async push(vaultId: string): Promise<{ pushed: number; stale: number; unsent: number }> {
    const { api, store } = this.options;
    const pending = (await store.listItems(vaultId)).filter((i) => i.pending);
    let pushed = 0;
    let stale = 0;
    let unsent = 0;
    for (let i = 0; i < pending.length; i += PROTOCOL_LIMITS.pushItems) {
      const batch = pending.slice(i, i + PROTOCOL_LIMITS.pushItems);
      const res = await api.push(
        vaultId,
        batch.map((item) => ({ itemId: item.itemId, baseRevision: item.base?.revision ?? 0, blob: item.pending!.blob })),
      );
      const sent = new Map(batch.map((item) => [item.itemId, item.pending!]));
      for (const result of res.results) {
        const write = sent.get(result.itemId);
        if (!write) continue; // not an item this push sent: nothing to apply
        await this.withItem(vaultId, result.itemId, async (local) => {
          if (result.status === 'conflict') {
            stale++;
            await this.applyRemote(local, result.current);
            return;
          }
          pushed++;
          // Only the write the server acknowledged leaves the outbox; a newer one made meanwhile stays,
          // now on top of the acknowledged revision (it was made on top of this write).
          const acknowledged = local.pending !== null && local.pending.blob === write.blob && local.pending.queuedAt === write.queuedAt;
          if (!acknowledged && local.pending) unsent++;
          const base = local.base && local.base.revision > result.revision ? local.base : { revision: result.revision, blob: write.blob, deleted: write.blob === null };
          await store.putItem({ ...local, base, pending: acknowledged ? null : local.pending });
        });
      }
    }
    return { pushed, stale, unsent };
  }

}
