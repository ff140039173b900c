/**
 * One vault's part of the summary index (summary-index.ts), and how it is taken from the sealed cache
 * (summary-cache.ts): the facts, the stored state each came from, and, while the cache has not yet
 * been compared with the store, the digest it claims to have been made from.
 */
import { importTagKey, type ItemFacts, type TagKey } from '../vault/item-facts.js';
import { currentBlob, type LocalItem, type LocalStore } from './store.js';
import { listingDigest, newTagKeyBytes, openSummary, type CacheSealer, type ItemState, type SummaryContent } from './summary-cache.js';

export interface VaultState {
  tagKey: Uint8Array<ArrayBuffer>;
  tag: TagKey;
  /** The stored state each entry (readable or not) was read from. */
  blobs: Map<string, string>;
  facts: Map<string, ItemFacts>;
  unreadable: Set<string>;
  keyMark: string;
  /** Moved since the cache in the store was written. */
  moved: boolean;
  /** Counts every move: a host caching what it made from the index compares this. */
  version: number;
  verifiedAt: number;
  /**
   * Taken from the sealed cache and not yet compared with the store: what the cache says it was made
   * from. Until the comparison, `blobs` holds only the items read since, and nothing is sealed back.
   */
  unchecked: CacheClaim | null;
}

/** The item states a sealed cache was made from: their digest, and the ids it holds facts (or "unreadable") for. */
export interface CacheClaim {
  digest: string;
  ids: string[];
}

export const claimOf = (content: SummaryContent): CacheClaim => ({ digest: content.digest, ids: [...content.items.keys(), ...content.unreadable] });

export async function emptyState(): Promise<VaultState> {
  const tagKey = newTagKeyBytes();
  return { tagKey, tag: await importTagKey(tagKey), blobs: new Map(), facts: new Map(), unreadable: new Set(), keyMark: '', moved: true, version: 1, verifiedAt: 0, unchecked: null };
}

export function dropItem(state: VaultState, itemId: string): void {
  state.blobs.delete(itemId);
  state.facts.delete(itemId);
  state.unreadable.delete(itemId);
}

/** The current states of stored items (deleted ones left out), as the cache's digest counts them. */
export function itemStates(stored: readonly LocalItem[]): ItemState[] {
  return stored.flatMap((item) => {
    const blob: unknown = currentBlob(item);
    if (blob === null) return [];
    // Not text (a row altered on disk): counted as a state no cache was made from, and unreadable when opened.
    return [{ itemId: item.itemId, blob: typeof blob === 'string' ? blob : `\u0000not text: ${typeof blob}` }];
  });
}

/** The sealed cache's content, or null when there is none or it does not open: the items are the truth. */
export async function openedCache(store: LocalStore, sealer: CacheSealer | null, vaultId: string): Promise<SummaryContent | null> {
  if (!sealer) return null;
  try {
    const cache = await store.getSummaryCache(vaultId);
    const content = cache ? await openSummary(sealer, vaultId, cache) : null;
    // A v1 cache cannot tell keys in the Trash (summary-cache.ts): the index is built again from the items.
    return content?.v === 2 ? content : null;
  } catch {
    return null;
  }
}

/** Whether a cache was made from exactly these stored states: the same digest, and one entry per item. */
export async function madeFrom(claim: CacheClaim, states: readonly ItemState[]): Promise<boolean> {
  if ((await listingDigest(states)) !== claim.digest) return false;
  const ids = new Set(states.map((s) => s.itemId));
  return claim.ids.length === ids.size && new Set(claim.ids).size === claim.ids.length && claim.ids.every((id) => ids.has(id));
}

/** A state holding the cache's facts; `blobs` are the stored states when known, else filled as items are read. */
export async function stateFromCache(content: SummaryContent, blobs: Map<string, string> | null): Promise<VaultState> {
  return {
    tagKey: content.tagKey,
    tag: await importTagKey(content.tagKey),
    blobs: blobs ?? new Map(),
    facts: content.items,
    unreadable: content.unreadable,
    // The key mark is not kept: items that did not open are tried once more.
    keyMark: '',
    moved: false,
    version: 1,
    verifiedAt: 0,
    unchecked: blobs ? null : claimOf(content),
  };
}
