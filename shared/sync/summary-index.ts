/**
 * The summary index: each vault's items as facts (shared/vault/item-facts.ts), kept while the vault is
 * unlocked so lists, counts, health and search cost no decryption; values are opened only for a reveal,
 * a copy or a fill. Every read compares each item's stored state with the one its facts came from, so an
 * item changed by a sync, another writer or someone editing the disk is opened again (and reported if it
 * no longer opens); only those are opened.
 *
 * At rest it is a cache sealed under the account key (summary-cache.ts), taken only when its digest is
 * the one of the items in the store now; otherwise the index is built again from the items.
 */
import { CryptoError } from '../errors.js';
import type { OpenResult } from '../vault/envelope.js';
import { importTagKey, itemFacts, type ItemFacts, type TagKey } from '../vault/item-facts.js';
import { currentBlob, type LocalItem, type LocalStore } from './store.js';
import { listingDigest, newTagKeyBytes, openSummary, sealSummary, type CacheSealer, type ItemState } from './summary-cache.js';

export interface IndexedItem {
  itemId: string;
  facts: ItemFacts;
}

export interface VaultSummary {
  items: IndexedItem[];
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
}

interface VaultState {
  tagKey: Uint8Array<ArrayBuffer>;
  tag: TagKey;
  /** The stored state each entry (readable or not) was read from. */
  blobs: Map<string, string>;
  facts: Map<string, ItemFacts>;
  unreadable: Set<string>;
  keyMark: string;
  /** Moved since the cache in the store was written. */
  moved: boolean;
}

export class SummaryIndex {
  private readonly vaults = new Map<string, VaultState>();
  /** One catch-up per vault at a time: two at once would open the same items twice. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SummaryIndexOptions) {}

  /** The vault's items as facts, caught up with the store as it is now. */
  summary(vaultId: string): Promise<VaultSummary> {
    return this.serially(vaultId, async () => {
      const state = await this.caughtUp(vaultId);
      return { items: [...state.facts].map(([itemId, facts]) => ({ itemId, facts })), unreadable: state.unreadable.size };
    });
  }

  /** Seals every vault whose index moved since its cache was written. */
  async persist(): Promise<void> {
    const sealer = this.options.sealer;
    if (!sealer) return;
    for (const vaultId of [...this.vaults.keys()]) {
      await this.serially(vaultId, async () => {
        const state = this.vaults.get(vaultId);
        // An empty vault costs nothing to index, and one that was left or forgotten must not get a cache back.
        if (!state?.moved || state.blobs.size === 0) return;
        const digest = await listingDigest([...state.blobs].map(([itemId, blob]) => ({ itemId, blob })));
        const cache = await sealSummary(sealer, vaultId, { tagKey: state.tagKey, digest, items: state.facts, unreadable: state.unreadable });
        await this.options.store.setSummaryCache(vaultId, cache);
        state.moved = false;
      });
    }
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
    const stored = await this.options.store.listItems(vaultId);
    const live = new Map(stored.flatMap((item) => {
      const blob = currentBlob(item);
      return blob === null ? [] : [[item.itemId, { item, blob }] as const];
    }));
    const state = this.vaults.get(vaultId) ?? (await this.fromCache(vaultId, live)) ?? (await empty());
    for (const itemId of [...state.blobs.keys()]) {
      if (live.has(itemId)) continue;
      state.blobs.delete(itemId);
      state.facts.delete(itemId);
      state.unreadable.delete(itemId);
      state.moved = true;
    }
    const toOpen = [...live.values()].filter(({ item, blob }) => state.blobs.get(item.itemId) !== blob).map(({ item }) => item);
    const keyMark = await this.options.keyMark(vaultId);
    if (keyMark !== state.keyMark) {
      // Items that did not open may open under a key version that arrived since.
      for (const itemId of state.unreadable) if (state.blobs.get(itemId) === live.get(itemId)?.blob) toOpen.push(live.get(itemId)!.item);
      state.keyMark = keyMark;
    }
    await this.open(vaultId, state, toOpen);
    this.vaults.set(vaultId, state);
    return state;
  }

  private async open(vaultId: string, state: VaultState, items: LocalItem[]): Promise<void> {
    if (items.length === 0) return;
    const opened = await this.options.open(vaultId, items);
    const blobOf = new Map(items.map((i) => [i.itemId, currentBlob(i)!]));
    await Promise.all(
      opened.map(async (result) => {
        state.blobs.set(result.itemId, blobOf.get(result.itemId)!);
        if (result.ok) {
          state.unreadable.delete(result.itemId);
          state.facts.set(result.itemId, await itemFacts(result.payload, state.tag));
        } else {
          state.facts.delete(result.itemId);
          state.unreadable.add(result.itemId);
        }
      }),
    );
    state.moved = true;
  }

  /** The sealed cache, if it opens and was made from exactly the item states in the store now. */
  private async fromCache(vaultId: string, live: ReadonlyMap<string, { blob: string }>): Promise<VaultState | null> {
    const sealer = this.options.sealer;
    const cache = sealer && (await this.options.store.getSummaryCache(vaultId));
    if (!sealer || !cache) return null;
    let content;
    try {
      content = await openSummary(sealer, vaultId, cache);
    } catch (error) {
      if (error instanceof CryptoError) return null;
      throw error;
    }
    const states: ItemState[] = [...live].map(([itemId, { blob }]) => ({ itemId, blob }));
    if ((await listingDigest(states)) !== content.digest) return null;
    const known = [...content.items.keys(), ...content.unreadable];
    if (known.length !== live.size || known.some((id) => !live.has(id))) return null;
    const blobs = new Map(states.map((s) => [s.itemId, s.blob]));
    // The key mark is not kept: items that did not open are tried once more.
    return { tagKey: content.tagKey, tag: await importTagKey(content.tagKey), blobs, facts: content.items, unreadable: content.unreadable, keyMark: '', moved: false };
  }
}

async function empty(): Promise<VaultState> {
  const tagKey = newTagKeyBytes();
  return { tagKey, tag: await importTagKey(tagKey), blobs: new Map(), facts: new Map(), unreadable: new Set(), keyMark: '', moved: true };
}
