/**
 * Items between the local store and the server: local writes into the outbox, pulls that apply the
 * server's changes (merging them into pending writes), and pushes of the outbox.
 *
 * Nothing a user writes is lost to timing: every read-modify-write of an item (a local write, a pulled
 * change, a push's answer) runs under that item's lock and re-reads the item there, so an edit made
 * while a push or a pull of the same item is in flight survives it, and a push's "ok" clears only the
 * write it acknowledged. One ItemSync (one engine) owns a store: the extension's worker has one, and the
 * CLI holds a lock on its home for the whole command.
 *
 * Nothing the server sends is adopted unchecked: every state is judged against the audit chain's
 * record of the item's writes (item-proof.ts), and every write pushed carries its own record.
 */
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { openItem, readEnvelope, sealItem } from '../vault/envelope.js';
import type { ItemPayload } from '../vault/item.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import { blobHash, type AuditEntryV2, type ItemWrite } from '../audit/record.js';
import type { ItemChange } from '../protocol/api.js';
import type { IntegrityProblem, SyncEvent } from './engine-types.js';
import { judgeRemote } from './item-proof.js';
import { rebasePending, type ItemCodec } from './rebase.js';
import { pushWithGrants, type GrantSource } from '../tokens/grant-source.js';
import { currentBlob, type ItemProof, type LocalItem, type LocalStore, type ServerState } from './store.js';

export interface ItemSyncOptions {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  now: () => Date;
  emit(event: SyncEvent): void;
  /** Told of every merge that had to keep both sides of a field. */
  onConflict(): void;
  /** The signed `item.write` record for a write this device pushes. */
  recordFor(vaultId: string, itemId: string, write: ItemWrite): Promise<AuditEntryV2>;
  /** Whether the vault's verified chain names every write (it holds a `vault.upgrade` record). */
  namesEveryWrite(vaultId: string): Promise<boolean>;
  /** Reads and verifies the chain again (new records may name changes the pull just brought). */
  recheckChain(vaultId: string): Promise<void>;
  /** The access tokens each write is granted to (shared/tokens/grant-source.ts); none: no grants, token list seq 0. */
  grants?: GrantSource;
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

  /**
   * Applies the server's changes after the vault's cursor. A change that fails its check against the
   * audit chain is not adopted, and the cursor is not moved past it, so the next pull looks at it again:
   * the warning lasts while the server serves it and ends by itself once the server is repaired.
   */
  async pull(vaultId: string, options: { full?: boolean } = {}): Promise<{ applied: number; refused: IntegrityProblem[]; tokenEvents: number }> {
    const { api, store } = this.options;
    const saved = await store.getCursor(vaultId);
    const summary = await api.vault(vaultId);
    const refused = new Map<string, { change: ItemChange | null; problem: IntegrityProblem }>();
    // A vault that went back (a server restored from a backup, or lying) is read again in full: every
    // item is still checked against the highest revision seen and the chain, so nothing older is taken.
    const wentBack = summary.seq < saved;
    if (wentBack) {
      const message = `the server's vault is at change ${summary.seq}, but this device has seen change ${saved}; it was read again in full`;
      this.emit({ type: 'rollback', vaultId, itemId: null, message });
      refused.set('', { change: null, problem: { vaultId, itemId: null, reason: 'rolled-back', message } });
    }
    // `full`: the engine saw the chain name an item state this device does not hold; look at the whole
    // vault again, since a server repaired by restoring its data serves the right rows under old seqs.
    let cursor = wentBack || options.full ? 0 : saved;
    let applied = 0;
    let unrecorded: ItemChange[] = [];
    const take = async (change: ItemChange) => {
      const outcome = await this.withItem(vaultId, change.itemId, (local) => this.applyRemote(local, stateOf(change)));
      if (outcome === 'applied') applied++;
      if (typeof outcome === 'object') refused.set(change.itemId, { change, problem: outcome });
      return outcome;
    };
    for (;;) {
      const page = await api.changes(vaultId, cursor, PROTOCOL_LIMITS.pageSize);
      for (const change of page.changes) {
        const outcome = await take(change);
        if (typeof outcome === 'object' && outcome.reason === 'unrecorded') unrecorded.push(change);
      }
      // Never past the last change actually sent, nor past the vault's seq read before: a junk cursor
      // or seq would skip every later change. Changes written meanwhile come again next time.
      const last = page.changes.at(-1);
      if (!last) break;
      cursor = Math.max(cursor, Math.min(page.cursor, last.seq, summary.seq));
      if (!page.hasMore || last.seq > summary.seq) break;
    }
    // A record written after this device last read the chain is not a forgery: read the chain again.
    if (unrecorded.length > 0) {
      await this.options.recheckChain(vaultId);
      const again = unrecorded;
      unrecorded = [];
      for (const change of again) {
        refused.delete(change.itemId);
        await take(change);
      }
    }
    for (const { problem } of refused.values()) this.emit({ type: 'integrity', ...problem });
    const firstRefused = Math.min(...[...refused.values()].flatMap((r) => (r.change ? [r.change.seq] : [])));
    await store.setCursor(vaultId, Number.isFinite(firstRefused) ? Math.min(cursor, firstRefused - 1) : cursor);
    return { applied, refused: [...refused.values()].map((r) => r.problem), tokenEvents: summary.tokenEvents ?? 0 };
  }

  /**
   * Takes a server state for an item, merging it into a pending write if there is one, once it passes
   * its check against the audit chain. Call under the item's lock.
   */
  private async applyRemote(local: LocalItem, remote: ServerState): Promise<'applied' | 'unchanged' | IntegrityProblem> {
    const { vaultId, itemId } = local;
    if (local.base && remote.revision < local.base.revision) {
      this.emit({ type: 'rollback', vaultId, itemId, message: `the server sent revision ${remote.revision}; this device has seen ${local.base.revision}` });
      return 'unchanged';
    }
    if (local.base && remote.revision === local.base.revision) return 'unchanged';
    if (remote.revision > MAX_REVISION) {
      return { vaultId, itemId, reason: 'junk', message: `the server sent revision ${remote.revision}, which no real item reaches` };
    }
    const verdict = await judgeRemote(local.proof, remote, await this.options.namesEveryWrite(vaultId));
    if (!verdict.ok) return { vaultId, itemId, reason: verdict.reason, message: verdict.message };
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
    return 'applied';
  }

  /** Records the proofs a verified stretch of chain gives (chain-check.ts), item by item. */
  async applyProofs(vaultId: string, proofs: ReadonlyMap<string, ItemProof>): Promise<void> {
    for (const [itemId, proof] of proofs) {
      await this.withItem(vaultId, itemId, async (local) => {
        if (local.proof && local.proof.rev >= proof.rev) return;
        await this.options.store.putItem({ ...local, proof });
      });
    }
  }

  /**
   * Pushes pending writes, each with its signed write record (docs/crypto.md §22). `stale`: refused as
   * stale (merged, to push again); `unsent`: written here while the push was in flight, so still pending
   * on top of what the server acknowledged.
   */
  async push(vaultId: string): Promise<{ pushed: number; stale: number; unsent: number; refused: IntegrityProblem[] }> {
    const { api, store } = this.options;
    const queued = await store.pendingItems(vaultId);
    // Made and deleted before it ever reached the server: nothing to tell it (a delete of an item it
    // never had is refused as a conflict, and would stay queued for good). It simply goes.
    for (const item of queued.filter((i) => i.pending!.blob === null && !i.base)) {
      await this.withItem(vaultId, item.itemId, async (local) => {
        if (local.pending?.blob === null && !local.base) await store.putItem({ ...local, pending: null });
      });
    }
    const pending = queued.filter((i) => !(i.pending!.blob === null && !i.base));
    let pushed = 0;
    let stale = 0;
    let unsent = 0;
    const refused: IntegrityProblem[] = [];
    const unrecorded: (ServerState & { itemId: string })[] = [];
    for (let i = 0; i < pending.length; i += PROTOCOL_LIMITS.pushItems) {
      const batch = pending.slice(i, i + PROTOCOL_LIMITS.pushItems);
      const writes = await Promise.all(
        batch.map(async (item) => {
          const blob = item.pending!.blob;
          const base = item.base;
          const prev = base && !base.deleted && base.blob !== null ? await blobHash(base.blob) : null;
          const write = { rev: (base?.revision ?? 0) + 1, hash: blob === null ? null : await blobHash(blob), deleted: blob === null, prev };
          return { item, write, record: await this.options.recordFor(vaultId, item.itemId, write) };
        }),
      );
      const res = await pushWithGrants(api, this.options.grants, vaultId, writes.map(({ item, record, write }) => ({ itemId: item.itemId, baseRevision: item.base?.revision ?? 0, blob: item.pending!.blob, record, rev: write.rev })));
      const sent = new Map(writes.map((w) => [w.item.itemId, w]));
      for (const result of res.results) {
        const mine = sent.get(result.itemId);
        if (!mine) continue; // not an item this push sent: nothing to apply
        await this.withItem(vaultId, result.itemId, async (local) => {
          if (result.status === 'conflict') {
            stale++;
            const outcome = await this.applyRemote(local, stateOf(result.current));
            if (typeof outcome === 'object' && outcome.reason === 'unrecorded') unrecorded.push({ itemId: result.itemId, ...stateOf(result.current) });
            else if (typeof outcome === 'object') refused.push(outcome);
            return;
          }
          pushed++;
          const write = local.pending;
          const pushedWrite = mine.item.pending!;
          // Only the write the server acknowledged leaves the outbox; a newer one made meanwhile stays,
          // now on top of the acknowledged revision (it was made on top of this write).
          const acknowledged = write !== null && write.blob === pushedWrite.blob && write.queuedAt === pushedWrite.queuedAt;
          if (!acknowledged && write) unsent++;
          const base = local.base && local.base.revision > result.revision ? local.base : { revision: result.revision, blob: pushedWrite.blob, deleted: pushedWrite.blob === null };
          // This device's own record names the write: it is the item's proof from now on.
          const proof = result.recordSeq !== null && (!local.proof || local.proof.rev < result.revision) ? { rev: mine.write.rev, hash: mine.write.hash, deleted: mine.write.deleted, seq: result.recordSeq } : local.proof;
          await store.putItem({ ...local, base, pending: acknowledged ? null : write, proof });
        });
      }
    }
    // The server chains a write's record in the same transaction as the write, so the state a lost race
    // brings back is, from an honest server, named by a record appended after this device last read the
    // chain. Read the chain again (verified as always) and judge once more, as a pull does; a state no
    // verified record names is refused and reported all the same. Outside the item locks: the chain
    // check takes them to record its proofs.
    if (unrecorded.length > 0) {
      await this.options.recheckChain(vaultId);
      for (const remote of unrecorded) {
        const outcome = await this.withItem(vaultId, remote.itemId, async (local) => {
          // A newer state taken meanwhile (a pull beside this push) makes this one moot, not a rollback.
          if (local.base && local.base.revision > remote.revision) return 'unchanged';
          return this.applyRemote(local, stateOf(remote));
        });
        if (typeof outcome === 'object') refused.push(outcome);
      }
    }
    for (const problem of refused) this.emit({ type: 'integrity', ...problem });
    return { pushed, stale, unsent, refused };
  }

}

/** 2^40 writes of one item: a revision above it is junk, and taking it would make every later push stale. */
const MAX_REVISION = 2 ** 40;

/** The server state an item change or a conflict carries, without its bookkeeping fields. */
function stateOf(change: { revision: number; blob: string | null; deleted: boolean }): ServerState {
  return { revision: change.revision, blob: change.blob, deleted: change.deleted };
}
