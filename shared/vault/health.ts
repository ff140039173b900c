/**
 * Item health, as the badge and the list show it: overdue for rotation, expiring soon, expired,
 * revoked, and the same value stored in more than one item.
 */
import { toBase64url, utf8 } from '../encoding.js';
import type { ItemPayload } from './item.js';

export const EXPIRING_WITHIN_DAYS = 14;
const DAY_MS = 86_400_000;

export type HealthFlag = 'revoked' | 'expired' | 'expiring' | 'overdue' | 'duplicate';

export interface ItemHealth {
  flags: HealthFlag[];
  /** When the rotation policy next asks for a new value (null without a policy). */
  rotationDueAt: Date | null;
}

/** What an item's health is computed from: its dates, policy and status, never its value. */
export type HealthFacts = Pick<ItemPayload, 'status' | 'expiresAt' | 'rotation' | 'lastRotatedAt' | 'createdAt'>;

export function rotationDueAt(item: HealthFacts): Date | null {
  if (!item.rotation) return null;
  const since = Date.parse(item.lastRotatedAt ?? item.createdAt);
  return new Date(since + item.rotation.everyDays * DAY_MS);
}

/** Health of one item on its own (without the duplicate check, which needs the whole vault). */
export function itemHealth(item: HealthFacts, now: Date): ItemHealth {
  const flags: HealthFlag[] = [];
  const due = rotationDueAt(item);
  if (item.status.state === 'revoked') flags.push('revoked');
  if (item.expiresAt) {
    const expires = Date.parse(item.expiresAt);
    if (expires <= now.getTime()) flags.push('expired');
    else if (expires - now.getTime() <= EXPIRING_WITHIN_DAYS * DAY_MS) flags.push('expiring');
  }
  // A revoked key is not asked to rotate: it is no longer in use.
  if (due && item.status.state === 'active' && due.getTime() <= now.getTime()) flags.push('overdue');
  return { flags, rotationDueAt: due };
}

/**
 * For each item, how many other items hold the same value. Values are grouped by their SHA-256 so that
 * the secrets themselves are never used as map keys or compared character by character.
 */
export async function duplicateCounts(items: ReadonlyArray<{ id: string; payload: ItemPayload }>): Promise<Map<string, number>> {
  const byDigest = new Map<string, string[]>();
  for (const { id, payload } of items) {
    if (payload.type === 'note' || payload.value.length === 0) continue;
    const digest = toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(payload.value))));
    byDigest.set(digest, [...(byDigest.get(digest) ?? []), id]);
  }
  return new Map([...byDigest.values()].flatMap((ids) => ids.map((id) => [id, ids.length - 1] as const)));
}

/** Health of every item, duplicates included. */
export async function vaultHealth(items: ReadonlyArray<{ id: string; payload: ItemPayload }>, now: Date): Promise<Map<string, ItemHealth>> {
  const duplicates = await duplicateCounts(items);
  const result = new Map<string, ItemHealth>();
  for (const { id, payload } of items) {
    const health = itemHealth(payload, now);
    if (duplicates.get(id)) health.flags.push('duplicate');
    result.set(id, health);
  }
  return result;
}

/** The number on the extension badge: keys that need attention (overdue, expiring or expired). */
export function needsAttention(health: ItemHealth): boolean {
  return health.flags.some((f) => f === 'overdue' || f === 'expiring' || f === 'expired');
}
