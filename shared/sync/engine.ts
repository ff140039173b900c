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
 *   if another device appended first, they are re-signed on the new head (audit-push.ts).
 * - Nothing a user writes is lost to timing (item-sync.ts): an edit made while a push or a pull of the
 *   same item is in flight survives it. One engine owns a store.
 */
import { EMPTY_HEAD } from '../audit/entry.js';
import { auditEntryV2Schema, resignEntryV2, signEntryV2, type AuditActionV2, type AuditEntryV2, type ItemWrite } from '../audit/record.js';
import type { ChainReport } from '../audit/verify.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import { SyncError } from '../errors.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { openItems, readEnvelope, type OpenResult } from '../vault/envelope.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ItemPayload } from '../vault/item.js';
import { pushVaultAudit, type AuditPushContext } from './audit-push.js';
import { checkNewRecords } from './chain-check.js';
import { itemProblem } from './item-proof.js';
import { upgradeVault } from './vault-upgrade.js';
import type { EngineOptions, IntegrityProblem, SyncEvent, SyncReport } from './engine-types.js';
import { ItemSync } from './item-sync.js';
import { ItemWatch } from './item-watch.js';
import { GrantSource } from '../tokens/grant-source.js';
import { chainTokenEvents } from '../tokens/token-events.js';
import { knownRevocations } from '../tokens/token-revocation.js';
import { SigningGate } from './signing-gate.js';
import { currentBlob, type LocalItem, type LocalStore } from './store.js';

/** Pulls made after a sync before an item the chain names newer than what is held is reported (syncNow). */
const PULLS_BEFORE_WARNING = 3;

export type { EngineOptions, IntegrityProblem, SyncEvent, SyncReport } from './engine-types.js';

/** Opens the current state of local items; deleted ones are skipped, one that fails is reported and the rest open. */
export function openLocalItems(items: readonly LocalItem[], vaultId: string, keyring: VaultKeyring): Promise<OpenResult[]> {
  // An empty blob is not a delete (that is null): it is reported as unreadable, like any other junk.
  const live = items.flatMap((item) => {
    const blob = currentBlob(item);
    return blob === null ? [] : [{ itemId: item.itemId, envelope: readEnvelope(blob) }];
  });
  return openItems(live, vaultId, keyring);
}

export class SyncEngine {
  private readonly now: () => Date;
  private conflictsMerged = 0;
  /** Vaults whose chain named an item state this device did not hold at the last sync: pulled in full next time. */
  private readonly wanting = new Set<string>();
  private readonly items: ItemSync;
  /** `sync` and `pushAudit` each run one at a time (see there). */
  private readonly turns = new KeyedLock();
  private readonly signing: SigningGate<DeviceSigningKey>;
  /** Whom each write is granted to: the vault's narrowed access tokens (shared/tokens/grant-source.ts). */
  private readonly grants: GrantSource;
  /** The latest time this engine stamped an entry with: a key rotation certifies its new key after it. */
  private lastSigned = 0;
  /** Which items changed since they were last judged against their proofs (item-watch.ts). */
  private readonly watch: ItemWatch;
  private readonly options: EngineOptions;

  constructor(options: EngineOptions) {
    // Everything the engine writes goes through the watch's store, which notes each item written.
    this.watch = new ItemWatch(options.store);
    this.options = options = { ...options, store: this.watch.store };
    this.now = options.now ?? (() => new Date());
    this.grants = new GrantSource(
      options.api,
      options.keyringFor,
      (vaultId) => async (accountId) => (await options.tokenAdminKey?.(vaultId, accountId)) ?? null,
      (vaultId) => this.tokensRevokedInChain(vaultId),
    );
    this.signing = new SigningGate(options.device.signingKey);
    this.items = new ItemSync({
      api: options.api,
      store: options.store,
      keyringFor: options.keyringFor,
      now: this.now,
      emit: (event) => this.emit(event),
      onConflict: () => this.conflictsMerged++,
      recordFor: (vaultId, itemId, write) => this.signRecord(vaultId, 'item.write', itemId, write),
      namesEveryWrite: async (vaultId) => (await options.store.getAuditHead(vaultId))?.items === true,
      recheckChain: async (vaultId) => void (await this.checkChain(vaultId)),
      grants: this.grants,
    });
  }

  private emit(event: SyncEvent) {
    this.options.onEvent?.(event);
  }

  /** Writes an item blind (a new item, an import); to change an existing one, use `update`. */
  write(vaultId: string, itemId: string, payload: ItemPayload | null): Promise<void> {
    return this.items.write(vaultId, itemId, payload);
  }

  /**
   * Changes an item from what it is at this moment (see ItemSync.update): the change is applied to the
   * newest local version, under the item's lock. Null when the item does not exist (any more).
   */
  update(vaultId: string, itemId: string, change: (current: ItemPayload) => ItemPayload | null): Promise<{ before: ItemPayload; after: ItemPayload | null } | null> {
    return this.items.update(vaultId, itemId, change);
  }

  async read(vaultId: string, itemId: string): Promise<ItemPayload | null> {
    const item = await this.options.store.getItem(vaultId, itemId);
    const blob = item && currentBlob(item);
    return blob ? this.items.open(vaultId, itemId, blob) : null;
  }

  /** Every live item of a vault; one that cannot be opened is reported as unreadable, the rest open. */
  async list(vaultId: string): Promise<OpenResult[]> {
    return this.openLocal(vaultId, await this.options.store.listItems(vaultId));
  }

  /** Opens the current state of the given local items (the summary index's reads); deleted ones are skipped. */
  async openLocal(vaultId: string, items: LocalItem[]): Promise<OpenResult[]> {
    return openLocalItems(items, vaultId, await this.options.keyringFor(vaultId));
  }

  /**
   * Queues an audit entry, signed now on the newest head this device verified, its detail sealed under
   * the vault key: the queue holds nothing in plaintext (docs/crypto.md §21).
   */
  async recordAudit(vaultId: string, action: AuditActionV2, itemId: string | null, detail?: unknown): Promise<void> {
    const entry = await this.signRecord(vaultId, action, itemId, undefined, detail);
    await this.options.store.addAuditIntent({ id: entry.id, vaultId, action, itemId, at: new Date(entry.ts).toISOString(), entry });
  }

  /** Item writes waiting for the server: what a user would call "my changes not synced yet". */
  async pendingWrites(vaultIds: string[]): Promise<number> {
    let n = 0;
    for (const vaultId of vaultIds) n += await this.options.store.countPending(vaultId);
    return n;
  }

  /** Everything waiting for the server: item writes and queued audit entries. */
  async pendingCount(vaultIds: string[]): Promise<number> {
    return (await this.pendingWrites(vaultIds)) + (await this.options.store.auditOutbox()).length;
  }

  // ---- network ----

  /** Pull, push and send the audit queue for each vault. One sync at a time: a second call waits. */
  sync(vaultIds: string[]): Promise<SyncReport> {
    return this.turns.run('sync', () => this.syncNow(vaultIds));
  }

  private async syncNow(vaultIds: string[]): Promise<SyncReport> {
    const report: SyncReport = { pulled: 0, pushed: 0, conflicts: 0, auditAppended: 0, auditWaiting: 0, pending: 0, integrity: [] };
    const conflictsBefore = this.conflictsMerged;
    const refused = new Map<string, IntegrityProblem>();
    for (const vaultId of vaultIds) {
      // The chain first: the proofs it gives are what the pulled changes are checked against.
      const chain = await this.checkChain(vaultId);
      const pulled = await this.items.pull(vaultId, { full: this.wanting.has(vaultId) });
      report.pulled += pulled.applied;
      for (const p of pulled.refused) refused.set(`${vaultId}/${p.itemId}`, p);
      // A stale push is merged locally and pushed again; a few rounds settle even a busy item.
      for (let round = 0; round < 3; round++) {
        const { pushed, stale, unsent, refused: bad } = await this.push(vaultId);
        report.pushed += pushed;
        for (const p of bad) refused.set(`${vaultId}/${p.itemId}`, p);
        if (stale === 0 && unsent === 0) break;
      }
      if (chain.ok) await this.upgrade(vaultId);
      if (pulled.tokenEvents > 0) await this.chainTokenEvents(vaultId);
    }
    report.conflicts = this.conflictsMerged - conflictsBefore;
    try {
      report.auditAppended = await this.pushAudit(vaultIds);
    } catch (error) {
      // Items are in; entries the server refused (it says this device's head is not one it had: a
      // rollback or a fork) wait, and the chain check below says what is wrong.
      if (!(error instanceof SyncError && error.server?.code === 'audit-rejected')) throw error;
    }
    let pending = 0;
    for (const vaultId of vaultIds) {
      const chain = await this.checkChain(vaultId);
      if (!chain.ok) report.integrity.push({ vaultId, itemId: null, reason: chain.reason, message: chain.message });
      // Judged: the items changed since the last judgement and those with a problem then (every item
      // the first time). The chain may name writes made since the pull; pull again (all of it the
      // first time) before calling anything missing, and judge what that pull changed with what is
      // flagged. A pull can itself read the chain again after its pages (a change newer than any
      // record), and so name writes another device made meanwhile: a few more pulls catch up with an
      // honest server that is busy; a server that holds a version back still does after them.
      const hasProblem = (item: LocalItem) => itemProblem(item) !== null;
      let judging = await this.watch.toJudge(vaultId);
      for (let round = 0; round < PULLS_BEFORE_WARNING && judging.items.some(hasProblem); round++) {
        this.watch.judged(vaultId, judging, hasProblem);
        await this.items.pull(vaultId, { full: round === 0 });
        judging = await this.watch.toJudge(vaultId);
      }
      this.watch.judged(vaultId, judging, hasProblem);
      const held = judging.items;
      pending += (await this.options.store.pendingItems(vaultId)).length;
      const problems = held.flatMap((item) => {
        const problem = itemProblem(item);
        return problem ? [{ vaultId, itemId: item.itemId, ...problem }] : [];
      });
      if (problems.length > 0) this.wanting.add(vaultId);
      else this.wanting.delete(vaultId);
      for (const [key, problem] of refused) if (key.startsWith(`${vaultId}/`) && !problems.some((p) => p.itemId === problem.itemId)) report.integrity.push(problem);
      for (const problem of problems) {
        report.integrity.push(refused.get(`${vaultId}/${problem.itemId}`) ?? problem);
        if (!refused.has(`${vaultId}/${problem.itemId}`)) this.emit({ type: 'integrity', ...problem });
      }
    }
    const outbox = await this.options.store.auditOutbox();
    report.auditWaiting = outbox.filter((i) => vaultIds.includes(i.vaultId)).length;
    report.pending = pending + outbox.length;
    return report;
  }

  /**
   * A vault whose chain does not yet name every item write (its items were written by clients from
   * before v2) is upgraded by the first v2 device that syncs it (vault-upgrade.ts): resumable, and
   * harmless when two devices do it at once.
   */
  private async upgrade(vaultId: string): Promise<void> {
    if ((await this.options.store.getAuditHead(vaultId))?.items) return;
    try {
      await upgradeVault({ api: this.options.api, store: this.options.store, sign: (action, itemId, write) => this.signRecord(vaultId, action, itemId, write) }, vaultId);
      await this.checkChain(vaultId);
    } catch (error) {
      // Another device wrote an item meanwhile (its baseline no longer matches): the next sync goes on.
      if (!(error instanceof SyncError && error.server?.code === 'audit-rejected')) throw error;
    }
  }

  /** What the server saw of the vault's access tokens, signed into the chain by this (admin's) device (token-events.ts). */
  private async chainTokenEvents(vaultId: string): Promise<void> {
    try {
      const chained = new Set((await this.options.store.getAuditHead(vaultId))?.tokenEvents ?? []);
      await chainTokenEvents(this.options.api, vaultId, (action, detail) => this.recordAudit(vaultId, action, null, detail), chained);
    } catch (error) {
      // No longer an admin (the summary was read before a role change): another admin's device chains them.
      if (!(error instanceof SyncError && (error.server?.code === 'forbidden' || error.server?.code === 'not-found'))) throw error;
    }
  }

  pull(vaultId: string): Promise<{ applied: number; refused: IntegrityProblem[]; tokenEvents: number }> {
    return this.items.pull(vaultId);
  }

  push(vaultId: string): Promise<{ pushed: number; stale: number; unsent: number; refused: IntegrityProblem[] }> {
    return this.items.push(vaultId);
  }

  /** The access tokens this device knows were revoked (token-revocation.ts): the server's list is not believed over them. */
  tokensRevokedInChain(vaultId: string): Promise<Readonly<Record<string, number>>> {
    return knownRevocations(this.options.store, vaultId, () => this.options.keyringFor(vaultId));
  }

  /** A vault's access tokens changed (a realtime notice): the next push reads them again. */
  tokensChanged(vaultId: string): void {
    this.grants.invalidate(vaultId);
  }

  /**
   * Verifies the vault's new audit records (chain-check.ts) and takes the item proofs they give; a
   * failure is reported, never adopted.
   */

  async checkChain(vaultId: string): Promise<ChainReport> {
    const ctx = { api: this.options.api, store: this.options.store, identities: this.options.identities, keyringFor: this.options.keyringFor };
    const report = await checkNewRecords(ctx, vaultId, (proofs) => this.items.applyProofs(vaultId, proofs));
    if (!report.ok) this.emit({ type: 'integrity', vaultId, itemId: null, reason: report.reason, message: report.message });
    return report;
  }

  /** An audit entry signed now, on the newest head this device verified. */
  private signRecord(vaultId: string, action: AuditActionV2, itemId: string | null, write?: ItemWrite, detail?: unknown): Promise<AuditEntryV2> {
    const { store, device } = this.options;
    return this.signing.use(async (signingKey) => {
      const seen = (await store.getAuditHead(vaultId)) ?? EMPTY_HEAD;
      const keyring = detail === undefined ? undefined : await this.options.keyringFor(vaultId);
      const entry = await signEntryV2({ vaultId, deviceId: device.deviceId, actorId: device.accountId, action, itemId, detail, write }, seen, this.now(), signingKey, keyring);
      this.lastSigned = Math.max(this.lastSigned, entry.ts);
      return entry;
    });
  }

  /**
   * Replaces the device's signing key (device-key rotation): `publish` runs while nothing is signed,
   * given the latest time this device may have stamped an entry with the current key (its certificate
   * for the new key must come after it), and returns the new key once the server holds its
   * certificate, with that certificate's time, or null to keep the current one. Queued entries stamped
   * at or after that time (the old key signed them while an earlier attempt's outcome was unknown) are
   * signed again with the new key before anything else is signed.
   */
  replaceSigningKey(vaultIds: string[], publish: (lastStamped: number) => Promise<{ key: DeviceSigningKey; retiredAt: number } | null>): Promise<DeviceSigningKey | null> {
    return this.signing.replace(async () => {
      // An entry is stamped max(now, the head its device saw): never later than the newest head this
      // device holds, the newest entry still queued, or the newest this engine signed.
      let last = Math.max(this.now().getTime(), this.lastSigned);
      for (const vaultId of vaultIds) last = Math.max(last, (await this.options.store.getAuditHead(vaultId))?.ts ?? 0);
      for (const intent of await this.options.store.auditOutbox()) last = Math.max(last, Date.parse(intent.at));
      const published = await publish(last);
      if (published) await this.resignQueued(published.key, published.retiredAt);
      return published?.key ?? null;
    });
  }

  /** Queued entries of this device from `since` on (and, to keep each vault's order, every one queued after them), signed with `key`. */
  private async resignQueued(key: DeviceSigningKey, since: number): Promise<void> {
    const { store, device } = this.options;
    const outbox = await store.auditOutbox();
    const first = outbox.findIndex((i) => { const e = auditEntryV2Schema.safeParse(i.entry); return e.success && e.data.device === device.deviceId && e.data.ts >= since; });
    if (first < 0) return;
    for (const intent of outbox.slice(first)) {
      const entry = auditEntryV2Schema.safeParse(intent.entry);
      const next = entry.success && entry.data.device === device.deviceId && entry.data.ts >= since ? await resignEntryV2(entry.data, key) : intent.entry;
      await store.removeAuditIntent(intent.id);
      await store.addAuditIntent({ ...intent, entry: next });
    }
  }

  /**
   * Appends queued audit entries (of the given vaults, or all), oldest first. One push at a time: two
   * overlapping pushes (a sync loop and a screen that wants the log current) would both read the same
   * queued intent and append it twice, each correctly signed on the head the other left.
   */
  pushAudit(vaultIds?: string[]): Promise<number> {
    return this.turns.run('audit', () => this.pushAuditNow(vaultIds));
  }

  private async pushAuditNow(vaultIds?: string[]): Promise<number> {
    const { api, store, device, keyringFor } = this.options;
    const ctx: AuditPushContext = { api, store, device, keyringFor, sign: (sign) => this.signing.use(sign) };
    const byVault = new Map<string, Awaited<ReturnType<LocalStore['auditOutbox']>>>();
    for (const intent of await store.auditOutbox()) {
      if (vaultIds && !vaultIds.includes(intent.vaultId)) continue;
      byVault.set(intent.vaultId, [...(byVault.get(intent.vaultId) ?? []), intent]);
    }
    let appended = 0;
    for (const [vaultId, intents] of byVault) appended += await pushVaultAudit(ctx, vaultId, intents);
    return appended;
  }
}
