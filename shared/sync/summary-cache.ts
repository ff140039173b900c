/**
 * The summary index at rest (docs/crypto.md §26): one AEAD blob per vault under the account key, bound
 * to the account and the vault, holding the value-tag key, each item's facts, and a digest of the exact
 * item states they were read from. A cache, not a record: a blob that does not open or parse, or whose
 * digest is not the one of the items in the store now, is dropped and the index is built again from the
 * items, which stay the only truth.
 */
import { z } from 'zod';
import { fromBase64url, fromBase64urlBulk, fromUtf8, toBase64url, toBase64urlBulk, utf8 } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import type { AccountKey } from '../crypto/keys.js';
import { randomBytes } from '../crypto/random.js';
import { CryptoError } from '../errors.js';
import { itemFactsSchema, type ItemFacts } from '../vault/item-facts.js';
import { parseOrThrow } from '../util/parse.js';
import type { SummaryCache } from './store.js';

const TAG_KEY_BYTES = 32;

const bodyFields = {
  tagKey: z.string().length(43),
  digest: z.string().length(43),
  unreadable: z.array(z.string().min(1)),
};
/**
 * v2 (the Trash, decision 118) adds each item's `trashedAt`. A v1 body still opens, its items not in the
 * Trash as far as it knows (`trashedAt: null`), and says it is v1: the index does not take it, since
 * it may have been written over a key another device had moved to the Trash.
 */
const bodySchema = z.discriminatedUnion('v', [
  z.strictObject({ v: z.literal(2), ...bodyFields, items: z.array(z.tuple([z.string().min(1), itemFactsSchema])) }),
  z.strictObject({ v: z.literal(1), ...bodyFields, items: z.array(z.tuple([z.string().min(1), itemFactsSchema.omit({ trashedAt: true })])) }),
]);

export interface SummaryContent {
  /** The body's version; only a v2 cache is taken by the index (a v1 one cannot tell keys in the Trash). */
  v?: 1 | 2;
  tagKey: Uint8Array<ArrayBuffer>;
  /** listingDigest of the item states the facts were read from. */
  digest: string;
  items: Map<string, ItemFacts>;
  unreadable: Set<string>;
}

export interface CacheSealer {
  accountId: string;
  accountKey: AccountKey;
}

/** An item's stored state as the store holds it: its id and current blob (deleted items are left out). */
export interface ItemState {
  itemId: string;
  blob: string;
}

/**
 * SHA-256 over the JSON text of `[[itemId, blob], …]` ordered by itemId: which exact states a cache was
 * made from. One digest over the vault rather than one per item, so checking a cache costs one pass.
 */
export async function listingDigest(states: Iterable<ItemState>): Promise<string> {
  const pairs = [...states].map((s) => [s.itemId, s.blob] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(JSON.stringify(pairs)))));
}

export async function sealSummary(sealer: CacheSealer, vaultId: string, content: SummaryContent): Promise<SummaryCache> {
  const body = { v: 2, tagKey: toBase64url(content.tagKey), digest: content.digest, items: [...content.items], unreadable: [...content.unreadable] };
  const sealed = await seal(sealer.accountKey, utf8(JSON.stringify(body)), aad.summaryIndex(sealer.accountId, vaultId));
  return { sealed: toBase64urlBulk(sealed) };
}

/** Opens a cache; throws a CryptoError when it does not open or parse. */
export async function openSummary(sealer: CacheSealer, vaultId: string, cache: SummaryCache): Promise<SummaryContent> {
  const plain = await open(sealer.accountKey, fromBase64urlBulk(cache.sealed), aad.summaryIndex(sealer.accountId, vaultId));
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(plain));
  } catch {
    json = undefined;
  }
  const body = parseOrThrow(bodySchema, json, 'summary index');
  const tagKey = fromBase64url(body.tagKey);
  if (tagKey.length !== TAG_KEY_BYTES) throw new CryptoError('bad-format', 'summary index tag key is not 32 bytes');
  const items = new Map<string, ItemFacts>(body.items.map(([id, facts]) => [id, { trashedAt: null, ...facts }]));
  return { v: body.v, tagKey, digest: body.digest, items, unreadable: new Set(body.unreadable) };
}

export const newTagKeyBytes = (): Uint8Array<ArrayBuffer> => randomBytes(TAG_KEY_BYTES);
