/**
 * An item's facts: what its list row, its health and a search need, and nothing a person would have to
 * keep secret. Never the value, the notes, older values or signing secrets; the value appears only as
 * its mask (what every list already shows) and as a tag keyed with a random per-index key, so two
 * items with the same value can be told apart from two with different ones without the value itself
 * (docs/crypto.md §26).
 */
import { z } from 'zod';
import { toBase64url, utf8 } from '../encoding.js';
import { itemPayloadSchema, type ItemPayload } from './item.js';
import { HIDDEN, maskValue } from './mask.js';

const shape = itemPayloadSchema.shape;

export const itemFactsSchema = z.strictObject({
  type: shape.type,
  name: shape.name,
  provider: shape.provider,
  kind: shape.kind,
  environment: shape.environment,
  tags: shape.tags,
  url: shape.url,
  status: shape.status,
  expiresAt: shape.expiresAt,
  rotation: shape.rotation,
  lastRotatedAt: shape.lastRotatedAt,
  createdAt: shape.createdAt,
  updatedAt: shape.updatedAt,
  masked: z.string().max(64),
  /** HMAC-SHA256 of the value under the index's tag key, base64url; null for notes and empty values. */
  valueTag: z.string().max(64).nullable(),
  /** The reason, when the item's current value is a signing key that was revoked. */
  revokedSigningKey: z.string().max(1_000).nullable(),
  /**
   * When the key was moved to the Trash; null for a key that is not in it. Required, so a sealed cache
   * written before the Trash existed does not parse and is built again (it could not tell trashed keys).
   */
  trashedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ItemFacts = z.infer<typeof itemFactsSchema>;

/** A key for value tags: HMAC-SHA256, usable only for signing, its bytes kept to seal the index again. */
export interface TagKey {
  raw: Uint8Array<ArrayBuffer>;
  key: CryptoKey;
}

export async function importTagKey(raw: Uint8Array<ArrayBuffer>): Promise<TagKey> {
  return { raw, key: await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) };
}

/** A value's keyed tag: equal values in one vault have equal tags; nothing about the value can be read from it. */
export async function tagValue(tagKey: TagKey, value: string): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign('HMAC', tagKey.key, utf8(value))));
}

/** The item's value never goes further than this function: only its mask and its keyed tag come out. */
export async function itemFacts(payload: ItemPayload, tagKey: TagKey): Promise<ItemFacts> {
  const tagged = payload.type !== 'note' && payload.value.length > 0;
  return { ...describeItem(payload), valueTag: tagged ? await tagValue(tagKey, payload.value) : null };
}

/** An item's facts but its value tag (which needs the index's key): what one item's page shows. */
export function describeItem(payload: ItemPayload): Omit<ItemFacts, 'valueTag'> {
  return {
    type: payload.type,
    name: payload.name,
    provider: payload.provider,
    kind: payload.kind,
    environment: payload.environment,
    tags: payload.tags,
    url: payload.url,
    status: payload.status,
    expiresAt: payload.expiresAt,
    rotation: payload.rotation,
    lastRotatedAt: payload.lastRotatedAt,
    createdAt: payload.createdAt,
    updatedAt: payload.updatedAt,
    // A note's text is its value: no part of it is shown in lists.
    masked: payload.type === 'note' ? HIDDEN : maskValue(payload.value),
    revokedSigningKey: revokedSigningKey(payload),
    trashedAt: payload.trashedAt ?? null,
  };
}

/** The revocation reason when the item's current value is a signing key that was revoked, else null. */
export function revokedSigningKey(payload: ItemPayload): string | null {
  const signing = payload.signing?.keys.find((k) => k.retiredAt === null);
  return signing && signing.secret === payload.value && signing.status.state === 'revoked' ? signing.status.reason : null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Names as a person sorts them: KEY_5 before KEY_129, case and accents aside. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

/** For each item, how many other items carry the same value tag. */
export function duplicateCountsByTag(items: ReadonlyArray<{ itemId: string; facts: Pick<ItemFacts, 'valueTag'> }>): Map<string, number> {
  const byTag = new Map<string, string[]>();
  for (const { itemId, facts } of items) {
    if (facts.valueTag === null) continue;
    const ids = byTag.get(facts.valueTag);
    if (ids) ids.push(itemId);
    else byTag.set(facts.valueTag, [itemId]);
  }
  return new Map([...byTag.values()].flatMap((ids) => ids.map((id) => [id, ids.length - 1] as const)));
}
