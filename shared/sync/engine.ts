/**
 * The client sync engine, shared by the extension and the CLI; storage and transport are passed in.
 *
 * - Offline first: `write` and `read` touch only the local store. A write becomes the item's `pending`
 *   state (the outbox) and leaves it only when the server says ok.
 * - `pull` fetches the changes after the vault's cursor, page by page. A change older than what this
 *   device has already seen is refused and reported (rollback). A change to an item with a pending
 *   write is merged into it (three-way, merge.ts), so the push that follows carries both edits.
 * - `push` sends pending writes in batches; a conflict is merged the same way and retried.
 * - Audit entries queue as intents and are built and signed at push time on the server's current head;
 *   if another device appended first, the entry is re-signed on the new head.
 */
import { buildAuditEntry, headAfter, signAuditEntry, type AuditAction, type ChainHead } from '../audit/entry.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import { newId } from '../crypto/random.js';
import { CryptoError, SyncError, VaultError } from '../errors.js';
import { auditHeadSchema } from '../protocol/api.js';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import { openItem, openItems, readEnvelope, sealItem, type OpenResult } from '../vault/envelope.js';
import type { ItemPayload } from '../vault/item.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import { mergePayloads } from './merge.js';
import { currentBlob, type LocalItem, type LocalStore, type ServerState } from './store.js';

export type SyncEvent =
  | { type: 'conflict'; vaultId: string; itemId: string; fields: string[] }
  | { type: 'rollback'; vaultId: string; itemId: string | null; message: string }
  | { type: 'unreadable'; vaultId: string; itemId: string; message: string };

export interface SyncReport {
  pulled: number;
  pushed: number;
  /** Items edited on two devices at once whose merge had to keep both values of some field. */
  conflicts: number;
  auditAppended: number;
  /** Writes still waiting for the server (not zero when it is unreachable). */
  pending: number;
}

export interface EngineOptions {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  device: { deviceId: string; accountId: string; signingKey: DeviceSigningKey };
  now?: () => Date;
  onEvent?: (event: SyncEvent) => void;
}


const MAX_AUDIT_RETRIES = 5;

export class SyncEngine {
  private readonly now: () => Date;
  private conflictsMerged = 0;
  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private emit(event: SyncEvent) {
    this.options.onEvent?.(event);
  }

  private async open(vaultId: string, itemId: string, blob: string): Promise<ItemPayload> {
    return openItem(readEnvelope(blob), { vaultId, itemId }, await this.options.keyringFor(vaultId));
  }

  private async seal(vaultId: string, itemId: string, payload: ItemPayload): Promise<string> {
    return JSON.stringify(await sealItem(payload, { vaultId, itemId }, await this.options.keyringFor(vaultId)));
  }

  // ---- local: never waits for the network ----

  async write(vaultId: string, itemId: string, payload: ItemPayload | null): Promise<void> {
    const item = (await this.options.store.getItem(vaultId, itemId)) ?? { vaultId, itemId, base: null, pending: null };
    const blob = payload === null ? null : await this.seal(vaultId, itemId, payload);
    await this.options.store.putItem({ ...item, pending: { blob, queuedAt: this.now().toISOString() } });
  }

  async read(vaultId: string, itemId: string): Promise<ItemPayload | null> {
    const item = await this.options.store.getItem(vaultId, itemId);
    const blob = item && currentBlob(item);
    return blob ? this.open(vaultId, itemId, blob) : null;
  }

  /** Every live item of a vault; one that cannot be opened is reported as unreadable, the rest open. */
  async list(vaultId: string): Promise<OpenResult[]> {
    const live = (await this.options.store.listItems(vaultId)).flatMap((item) => {
      const blob = currentBlob(item);
      return blob ? [{ itemId: item.itemId, envelope: readEnvelope(blob) }] : [];
    });
    return openItems(live, vaultId, await this.options.keyringFor(vaultId));
  }

  async recordAudit(vaultId: string, action: AuditAction, itemId: string | null, detail?: unknown): Promise<void> {
    await this.options.store.addAuditIntent({ id: newId(), vaultId, action, itemId, detail, at: this.now().toISOString() });
  }

  /** Item writes waiting for the server: what a user would call "my changes not synced yet". */
  async pendingWrites(vaultIds: string[]): Promise<number> {
    let n = 0;
    for (const vaultId of vaultIds) n += (await this.options.store.listItems(vaultId)).filter((i) => i.pending).length;
    return n;
  }

  /** Everything waiting for the server: item writes and queued audit entries. */
  async pendingCount(vaultIds: string[]): Promise<number> {
    return (await this.pendingWrites(vaultIds)) + (await this.options.store.auditOutbox()).length;
  }

  // ---- network ----

  async sync(vaultIds: string[]): Promise<SyncReport> {
    const report: SyncReport = { pulled: 0, pushed: 0, conflicts: 0, auditAppended: 0, pending: 0 };
    const conflictsBefore = this.conflictsMerged;
    for (const vaultId of vaultIds) {
      report.pulled += await this.pull(vaultId);
      // A stale push is merged locally and pushed again; a few rounds settle even a busy item.
      for (let round = 0; round < 3; round++) {
        const { pushed, stale } = await this.push(vaultId);
        report.pushed += pushed;
        if (stale === 0) break;
      }
    }
    report.conflicts = this.conflictsMerged - conflictsBefore;
    report.auditAppended = await this.pushAudit(vaultIds);
    report.pending = await this.pendingCount(vaultIds);
    return report;
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
        if (await this.applyRemote(vaultId, change.itemId, { revision: change.revision, blob: change.blob, deleted: change.deleted })) applied++;
      }
      cursor = Math.max(cursor, page.cursor);
      await store.setCursor(vaultId, cursor);
      if (!page.hasMore) return applied;
    }
  }

  /** Takes a server state for an item, merging it into a pending write if there is one. */
  private async applyRemote(vaultId: string, itemId: string, remote: ServerState): Promise<boolean> {
    const { store } = this.options;
    const local = (await store.getItem(vaultId, itemId)) ?? { vaultId, itemId, base: null, pending: null };
    if (local.base && remote.revision < local.base.revision) {
      this.emit({ type: 'rollback', vaultId, itemId, message: `the server sent revision ${remote.revision}; this device has seen ${local.base.revision}` });
      return false;
    }
    if (local.base && remote.revision === local.base.revision) return false;
    const pending = local.pending ? await this.rebase(local, remote) : null;
    await store.putItem({ ...local, base: remote, pending });
    return true;
  }

  /** The pending write of `local`, merged with `remote`; null when nothing is left to push. */
  private async rebase(local: LocalItem, remote: ServerState): Promise<LocalItem['pending']> {
    const { vaultId, itemId } = local;
    const pending = local.pending!;
    try {
      const base = local.base?.blob && !local.base.deleted ? await this.open(vaultId, itemId, local.base.blob) : null;
      const ours = pending.blob ? await this.open(vaultId, itemId, pending.blob) : null;
      const theirs = remote.blob && !remote.deleted ? await this.open(vaultId, itemId, remote.blob) : null;
      if (!ours && !theirs) return null; // deleted on both sides
      if (!ours) {
        // Deleted here, edited there: keep the edit; a delete never wins over someone's change.
        this.conflictsMerged++;
        this.emit({ type: 'conflict', vaultId, itemId, fields: ['deleted here, edited on another device: kept'] });
        return null;
      }
      if (!theirs) return { blob: await this.seal(vaultId, itemId, ours), queuedAt: pending.queuedAt };
      const { payload, conflicts } = mergePayloads(base, ours, theirs, this.now());
      if (conflicts.length > 0) {
        this.conflictsMerged++;
        this.emit({ type: 'conflict', vaultId, itemId, fields: conflicts });
      }
      if (JSON.stringify(payload) === JSON.stringify(theirs)) return null;
      return { blob: await this.seal(vaultId, itemId, payload), queuedAt: pending.queuedAt };
    } catch (error) {
      if (!(error instanceof CryptoError || error instanceof VaultError)) throw error;
      // An unreadable side cannot be merged: keep our write as it is (nothing lost) and say so.
      this.emit({ type: 'unreadable', vaultId, itemId, message: error.message });
      return pending;
    }
  }

  /** Pushes pending writes; `stale` counts those the server refused as stale (merged, to push again). */
  async push(vaultId: string): Promise<{ pushed: number; stale: number }> {
    const { api, store } = this.options;
    const pending = (await store.listItems(vaultId)).filter((i) => i.pending);
    let pushed = 0;
    let stale = 0;
    for (let i = 0; i < pending.length; i += PROTOCOL_LIMITS.pushItems) {
      const batch = pending.slice(i, i + PROTOCOL_LIMITS.pushItems);
      const res = await api.push(
        vaultId,
        batch.map((item) => ({ itemId: item.itemId, baseRevision: item.base?.revision ?? 0, blob: item.pending!.blob })),
      );
      for (const result of res.results) {
        const item = batch.find((b) => b.itemId === result.itemId)!;
        if (result.status === 'ok') {
          pushed++;
          const blob = item.pending!.blob;
          await store.putItem({ ...item, base: { revision: result.revision, blob, deleted: blob === null }, pending: null });
        } else {
          stale++;
          await this.applyRemote(vaultId, item.itemId, result.current);
        }
      }
    }
    return { pushed, stale };
  }

  /** The server's audit head for a vault, refused if it is behind one this device has already seen. */
  private async serverAuditHead(vaultId: string): Promise<ChainHead> {
    const head = (await this.options.api.vault(vaultId)).auditHead;
    const known = await this.options.store.getAuditHead(vaultId);
    if (known && head.seq < known.seq) {
      this.emit({ type: 'rollback', vaultId, itemId: null, message: `the audit chain is at ${head.seq}, but this device has seen ${known.seq}` });
      throw new SyncError('rollback', `the server rolled the audit log of vault ${vaultId} back; refusing to append to it`);
    }
    return head;
  }

  /**
   * Appends queued audit entries (of the given vaults, or all), oldest first. One push at a time: two
   * overlapping pushes (a sync loop and a screen that wants the log current) would both read the same
   * queued intent and append it twice, each correctly signed on the head the other left.
   */
  pushAudit(vaultIds?: string[]): Promise<number> {
    const run = this.auditPush.then(() => this.pushAuditNow(vaultIds));
    this.auditPush = run.catch(() => undefined);
    return run;
  }

  private auditPush: Promise<unknown> = Promise.resolve();

  private async pushAuditNow(vaultIds?: string[]): Promise<number> {
    const { api, store, device } = this.options;
    let appended = 0;
    // The head is fetched once per vault and then followed locally; only a lost race refetches it.
    const heads = new Map<string, ChainHead>();
    for (const intent of await store.auditOutbox()) {
      if (vaultIds && !vaultIds.includes(intent.vaultId)) continue;
      const keyring = await this.options.keyringFor(intent.vaultId);
      let head = heads.get(intent.vaultId) ?? (await this.serverAuditHead(intent.vaultId));
      for (let attempt = 0; ; attempt++) {
        const unsigned = await buildAuditEntry(
          { vaultId: intent.vaultId, deviceId: device.deviceId, actorId: device.accountId, action: intent.action, itemId: intent.itemId, detail: intent.detail },
          head,
          // When the action happened; buildAuditEntry keeps ts at or above the head's.
          new Date(intent.at),
          intent.detail === undefined ? undefined : keyring,
        );
        const entry = await signAuditEntry(unsigned, device.signingKey);
        try {
          await api.appendAudit(intent.vaultId, [entry]);
          head = await headAfter(entry);
          break;
        } catch (error) {
          const moved = error instanceof SyncError && error.server?.code === 'audit-head-moved';
          const next = moved ? auditHeadSchema.safeParse((error.server?.details as { head?: unknown } | undefined)?.head) : null;
          if (!next?.success || attempt + 1 >= MAX_AUDIT_RETRIES) throw error;
          head = next.data; // another device appended first: sign again on top of its entry
        }
      }
      heads.set(intent.vaultId, head);
      await store.setAuditHead(intent.vaultId, head);
      await store.removeAuditIntent(intent.id);
      appended++;
    }
    return appended;
  }
}

