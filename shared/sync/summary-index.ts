/**
 * The summary index: each vault's items as facts (shared/vault/item-facts.ts), kept while the vault is
 * unlocked so lists, counts, health and search cost no decryption; values are opened only for a reveal,
 * a copy or a fill.
 *
 * It follows the store two ways. Every put made in this process is reported by the store, and the next
 * read opens just those items again. And a *verification* reads every stored item and compares it with
 * the state its facts came from, so an item changed behind this process's back (someone editing the
 * disk, another program) is opened again, and reported if it no longer opens: when the index is first
 * taken (from the sealed cache or built), and then at most every `verifyEveryMs`, after the read that
 * asked, so that a list never waits for it.
 *
 * At rest it is a cache sealed under the account key (summary-cache.ts), taken only when its digest is
 * the one of the items in the store now; otherwise the index is built again from the items. A
 * long-lived host may answer the first read from the cache and make that comparison right after
 * (`checkCacheAfterMs`): until then a list can show what the cache says (never a value: those
 * are opened from the items), and a cache that turns out not to match is replaced and reported like
 * any change made behind the index's back.
 */
import { VaultError } from '../errors.js';
import type { OpenResult } from '../vault/envelope.js';
import { itemFacts, tagValue, type ItemFacts } from '../vault/item-facts.js';
import { currentBlob, type LocalItem, type LocalStore } from './store.js';
import { listingDigest, sealSummary, type CacheSealer } from './summary-cache.js';
import { claimOf, dropItem, emptyState, itemStates, madeFrom, openedCache, stateFromCache, type VaultState } from './summary-state.js';

export interface IndexedItem {
  itemId: string;
  facts: ItemFacts;
}

export interface VaultSummary {
  /** The vault's keys, without those in the Trash: what every list, count, search and fill works from. */
  items: IndexedItem[];
  /** Keys in the Trash (shared/vault/trash.ts): shown on the Trash screen only, never counted or offered. */
  trashed: IndexedItem[];
  /** Items whose current state does not open (altered, or under a key this device does not have). */
  unreadable: number;
}

export interface SummaryIndexOptions {
  store: LocalStore;
  /** Opens items' current states; one that fails is reported as such and the rest open (openLocalItems). */
  open(vaultId: string, items: LocalItem[]): Promise<OpenResult[]>;
  /** Moves when the vault's keyring gains a key version: unreadable items are tried again then. */
  keyMark(vaultId: string): Promise<string>;
  /** Whose account key seals the cache; null keeps the index in memory only. */
  sealer: CacheSealer | null;
  /** How often reads start a verification of every stored item (none when absent: a short-lived process). */
  verifyEveryMs?: number;
  /**
   * Answer a vault's first read from its sealed cache alone, and compare the cache with the store this
   * many milliseconds later (a long-lived host that verifies anyway: the first screen does not wait for
   * every item to be read, and reading them does not hold up the requests that follow the first).
   * A short-lived process leaves it unset: it may exit before a later comparison.
   */
  checkCacheAfterMs?: number;
  /** After a verification found items changed behind this process's back (lists shown are out of date). */
  onChangedBehind?(vaultId: string): void;
  now?(): number;
}

export class SummaryIndex {
  private readonly vaults = new Map<string, VaultState>();
  /** Items put in this process since the index last looked, by vault. */
  private readonly written = new Map<string, Set<string>>();
  /** One catch-up per vault at a time: two at once would open the same items twice. */
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly unsubscribe: () => void;
  private sealer: CacheSealer | null;
  private closed = false;
  private readonly verifications = new Set<ReturnType<typeof setTimeout>>();
  /** Vaults whose cache could not be compared after answering: from then on compared before. */
  private readonly compareFirst = new Set<string>();

  constructor(private readonly options: SummaryIndexOptions) {
    this.sealer = options.sealer;
    this.unsubscribe = options.store.onItemPut((vaultId, itemId) => this.noteWritten(vaultId, itemId));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The vault's items as facts, caught up with every put made in this process. */
  summary(vaultId: string): Promise<VaultSummary> {
    return this.serially(vaultId, async () => {
      if (this.closed) throw new VaultError('invalid-state', 'the vault is locked');
      const state = await this.caughtUp(vaultId);
      const every = this.options.verifyEveryMs;
      if (every !== undefined && this.now() - state.verifiedAt >= every) {
        state.verifiedAt = this.now(); // one verification at a time, started after this answer
        this.verifySoon(vaultId);
      }
      const items: IndexedItem[] = [];
      const trashed: IndexedItem[] = [];
      for (const [itemId, facts] of state.facts) (facts.trashedAt === null ? items : trashed).push({ itemId, facts });
      return { items, trashed, unreadable: state.unreadable.size };
    });
  }

  /**
   * The keyed tags `values` would have as item values in this vault (facts' `valueTag`): how a caller
   * asks "is this key stored here?" without a value ever being decrypted or compared in the clear.
   */
  tagValues(vaultId: string, values: readonly string[]): Promise<string[]> {
    return this.serially(vaultId, async () => {
      if (this.closed) throw new VaultError('invalid-state', 'the vault is locked');
      const { tag } = await this.caughtUp(vaultId);
      return Promise.all(values.map((value) => tagValue(tag, value)));
    });
  }

  /** How many times the vault's index moved (0 before it was first read). */
  version(vaultId: string): number {
    return this.vaults.get(vaultId)?.version ?? 0;
  }

  /**
   * Reads every stored item of the vault and opens again those that are not what the index holds; true
   * if any was. Reading and hashing every item is the slow part: it is done before the vault's turn is
   * taken, so lists asked meanwhile do not wait for it, and what differs is read again in the turn.
   */
  async verify(vaultId: string): Promise<boolean> {
    const state = this.vaults.get(vaultId);
    if (!state || this.closed) return false;
    const claim = state.unchecked;
    let stored: LocalItem[];
    let cacheMatches: boolean;
    try {
      stored = await this.options.store.listItems(vaultId);
      cacheMatches = claim !== null && (await madeFrom(claim, itemStates(stored)));
    } catch (error) {
      // A cache that could not be compared is not taken on trust: the next read takes the vault again,
      // comparing before it answers, and fails as loudly as the store does.
      if (claim !== null && this.vaults.get(vaultId) === state) {
        this.vaults.delete(vaultId);
        this.compareFirst.add(vaultId);
      }
      throw error;
    }
    return this.serially(vaultId, async () => {
      if (this.vaults.get(vaultId) !== state || this.closed) return false;
      const before = state.version;
      if (claim !== null && state.unchecked === claim) await this.settleCache(vaultId, state, cacheMatches, stored);
      else await this.compareSince(vaultId, state, stored);
      state.verifiedAt = this.now();
      const moved = state.version !== before;
      if (moved) this.options.onChangedBehind?.(vaultId);
      return moved;
    });
  }

  /** Seals every vault whose index moved since its cache was written. */
  async persist(): Promise<void> {
    for (const vaultId of [...this.vaults.keys()]) {
      await this.serially(vaultId, async () => {
        const state = this.vaults.get(vaultId);
        const sealer = this.sealer;
        // An empty vault costs nothing to index.
        // Not yet compared with the store: its blobs are not all known, so no digest can be made of them.
        if (!sealer || this.closed || !state?.moved || state.unchecked || state.blobs.size === 0) return;
        const digest = await listingDigest([...state.blobs].map(([itemId, blob]) => ({ itemId, blob })));
        const cache = await sealSummary(sealer, vaultId, { tagKey: state.tagKey, digest, items: state.facts, unreadable: state.unreadable });
        // Forgotten meanwhile (the vault was left or deleted), or locked: no cache comes back.
        if (this.vaults.get(vaultId) !== state || this.closed || this.sealer !== sealer) return;
        await this.options.store.setSummaryCache(vaultId, cache);
        state.moved = false;
      });
    }
  }

  /**
   * After an account-key rotation: what is sealed from now on is sealed under the new key, and every
   * vault is sealed again at the next persist (the host removes the caches under the old key).
   */
  rekey(sealer: CacheSealer): void {
    this.sealer = sealer;
    for (const state of this.vaults.values()) state.moved = true;
  }

  /** Drops a vault this account left or deleted; call it before the store forgets the vault, so no cache is written back. */
  forget(vaultId: string): void {
    this.vaults.delete(vaultId);
    this.written.delete(vaultId);
  }

  /** Stops following the store and refuses reads: the index is dropped with the keys. */
  close(): void {
    this.closed = true;
    for (const timer of this.verifications) clearTimeout(timer);
    this.verifications.clear();
    this.unsubscribe();
  }

  private async serially<T>(vaultId: string, work: () => Promise<T>): Promise<T> {
    const next = (this.running.get(vaultId) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.running.set(vaultId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(vaultId) === next) this.running.delete(vaultId);
    }
  }

  private async caughtUp(vaultId: string): Promise<VaultState> {
    const known = this.vaults.get(vaultId);
    if (!known) return this.taken(vaultId);
    const ids = this.written.get(vaultId);
    this.written.delete(vaultId);
    try {
      const items = await Promise.all([...(ids ?? [])].map((id) => this.options.store.getItem(vaultId, id)));
      await this.apply(vaultId, known, items.filter((i): i is LocalItem => i !== null), ids ?? new Set());
    } catch (error) {
      for (const id of ids ?? []) this.noteWritten(vaultId, id); // read again next time
      throw error;
    }
    return known;
  }

  private noteWritten(vaultId: string, itemId: string): void {
    const ids = this.written.get(vaultId) ?? new Set<string>();
    ids.add(itemId);
    this.written.set(vaultId, ids);
  }

  /** The index's first read of a vault: the sealed cache if it matches the store, else built from every item. */
  private async taken(vaultId: string): Promise<VaultState> {
    this.written.delete(vaultId); // the full read below sees every put so far
    const cache = await openedCache(this.options.store, this.sealer, vaultId);
    const after = this.options.checkCacheAfterMs;
    if (cache && after !== undefined && !this.compareFirst.has(vaultId)) {
      // The cache answers now; the comparison with every stored item follows.
      const state = await stateFromCache(cache, null);
      state.verifiedAt = this.now(); // counted from this comparison on
      this.vaults.set(vaultId, state);
      this.verifySoon(vaultId, after);
      return state;
    }
    const stored = await this.options.store.listItems(vaultId);
    const states = itemStates(stored);
    const state = cache && (await madeFrom(claimOf(cache), states)) ? await stateFromCache(cache, new Map(states.map((s) => [s.itemId, s.blob]))) : await emptyState();
    await this.compare(vaultId, state, stored);
    state.verifiedAt = this.now();
    this.vaults.set(vaultId, state);
    return state;
  }

  /**
   * A state taken from the cache, settled once against the store: if the cache was made from exactly
   * the stored states (`matches`, read before this turn), their blobs are what the index compares with
   * from now on. If not (the store moved after the cache was sealed, or the cache is an older one put
   * back), every item is read again and what the cache said about items no longer stored is dropped.
   */
  private async settleCache(vaultId: string, state: VaultState, matches: boolean, listed: LocalItem[]): Promise<void> {
    state.unchecked = null;
    if (matches) {
      // Items read since the cache was taken keep the state they were read from; a put after the list
      // was read is in `written`, and the next read opens it. One deleted meanwhile is gone from the
      // index already: the list read before it must not bring its state back.
      for (const { itemId, blob } of itemStates(listed)) {
        if (!state.blobs.has(itemId) && (state.facts.has(itemId) || state.unreadable.has(itemId))) state.blobs.set(itemId, blob);
      }
      return;
    }
    const stored = await this.options.store.listItems(vaultId);
    const storedIds = new Set(stored.map((s) => s.itemId));
    for (const itemId of [...state.facts.keys(), ...state.unreadable]) if (!storedIds.has(itemId)) dropItem(state, itemId);
    state.version++; // what was listed from the cache is not what is stored
    state.moved = true;
    await this.compare(vaultId, state, stored);
  }

  /** `compare` against a list read before this turn: the items it shows differing (or gone) are read again now. */
  private async compareSince(vaultId: string, state: VaultState, listed: LocalItem[]): Promise<void> {
    const listedIds = new Set(listed.map((s) => s.itemId));
    const gone = [...state.blobs.keys()].filter((id) => !listedIds.has(id));
    const differing = listed.filter((item) => {
      const blob = currentBlob(item);
      return blob === null ? state.blobs.has(item.itemId) : state.blobs.get(item.itemId) !== blob;
    });
    const fresh = await Promise.all([...differing.map((i) => i.itemId), ...gone].map((id) => this.options.store.getItem(vaultId, id)));
    await this.apply(vaultId, state, fresh.filter((i): i is LocalItem => i !== null), new Set(gone));
  }

  private verifySoon(vaultId: string, delayMs = 0): void {
    const timer = setTimeout(() => {
      this.verifications.delete(timer);
      void this.verify(vaultId).catch(() => undefined);
    }, delayMs);
    this.verifications.add(timer);
  }

  /** Every stored item against the index: the ones that differ are opened, the ones gone are dropped. */
  private async compare(vaultId: string, state: VaultState, stored: LocalItem[]): Promise<void> {
    const storedIds = new Set(stored.map((s) => s.itemId));
    await this.apply(vaultId, state, stored, new Set([...state.blobs.keys()].filter((id) => !storedIds.has(id))));
  }

  /** Brings the given items, and the `touched` ids no longer stored, up to date in the index. */
  private async apply(vaultId: string, state: VaultState, items: LocalItem[], touched: ReadonlySet<string>): Promise<void> {
    const present = new Set(items.map((i) => i.itemId));
    let moved = false;
    // Known by its blob, or (taken from the cache and not yet compared) only by what the cache said.
    const known = (itemId: string) => state.blobs.has(itemId) || state.facts.has(itemId) || state.unreadable.has(itemId);
    for (const itemId of touched) {
      if (present.has(itemId) || !known(itemId)) continue;
      dropItem(state, itemId);
      moved = true;
    }
    const toOpen: LocalItem[] = [];
    for (const item of items) {
      const blob = currentBlob(item);
      if (blob === null) {
        if (known(item.itemId)) (dropItem(state, item.itemId), (moved = true));
      } else if (state.blobs.get(item.itemId) !== blob) toOpen.push(item);
    }
    const keyMark = await this.options.keyMark(vaultId);
    if (keyMark !== state.keyMark) {
      // Items that did not open may open under a key version that arrived since.
      const opening = new Set(toOpen.map((i) => i.itemId));
      const retry = await Promise.all([...state.unreadable].filter((id) => !opening.has(id)).map((id) => this.options.store.getItem(vaultId, id)));
      for (const item of retry) if (item && currentBlob(item) !== null) toOpen.push(item);
      state.keyMark = keyMark;
    }
    if (toOpen.length > 0 && (await this.open(vaultId, state, toOpen))) moved = true;
    if (moved) {
      state.moved = true;
      state.version++;
    }
  }

  /** Opens the items and records what they hold now; true if that differs from what the index had. */
  private async open(vaultId: string, state: VaultState, items: LocalItem[]): Promise<boolean> {
    const opened = new Map((await this.options.open(vaultId, items)).map((r) => [r.itemId, r]));
    let changed = false;
    await Promise.all(
      items.map(async (item) => {
        const blob = currentBlob(item)!;
        const result = opened.get(item.itemId);
        const same = state.blobs.get(item.itemId) === blob;
        state.blobs.set(item.itemId, blob);
        if (result?.ok) {
          changed = true;
          state.unreadable.delete(item.itemId);
          state.facts.set(item.itemId, await itemFacts(result.payload, state.tag));
        } else {
          // Not opened (altered, junk, a key version not held yet): counted, never listed.
          if (!(same && state.unreadable.has(item.itemId))) changed = true;
          state.facts.delete(item.itemId);
          state.unreadable.add(item.itemId);
        }
      }),
    );
    return changed;
  }
}
