/**
 * The Trash (decision 118): a deleted key is first an ordinary item whose sealed payload says when it was
 * moved there (`trashedAt`, docs/crypto.md §7), so the move syncs, merges and can be undone like any edit,
 * and the server learns only that the item changed. After `TRASH_DAYS` any device that can write the
 * vault deletes it for good (a real tombstone, shared/sync/trash-purge.ts).
 *
 * Times come from two places neither of which is trusted alone: `trashedAt` was written by whichever
 * device moved the key (a teammate's, with its own clock), and `now` is this device's clock. A
 * `trashedAt` in the future counts as now: the key waits its full 30 days from this device's point of
 * view, however far ahead the other clock (or a hostile writer) put it, and it can still be deleted
 * for good by hand.
 */
import { VaultError } from '../errors.js';
import type { ItemPayload } from './item.js';

export const TRASH_DAYS = 30;
const DAY_MS = 86_400_000;

/** A payload (`trashedAt` absent when not trashed) or an item's facts (null then). */
type Trashable = { trashedAt?: string | null };

export const isTrashed = (item: Trashable): boolean => typeof item.trashedAt === 'string';

/** When the key was moved to the Trash as this device counts it: never later than `now`. */
export function trashedSince(item: Trashable, now: Date): Date | null {
  if (!isTrashed(item)) return null;
  const at = Date.parse(item.trashedAt!);
  // An unparseable time cannot pass the payload schema; treated like a future one if it ever did.
  return new Date(Number.isNaN(at) ? now.getTime() : Math.min(at, now.getTime()));
}

/** When it is deleted for good, as this device counts it (null for a key not in the Trash). */
export function purgeAt(item: Trashable, now: Date): Date | null {
  const since = trashedSince(item, now);
  return since && new Date(since.getTime() + TRASH_DAYS * DAY_MS);
}

/** Whole days left before the key is deleted for good: 30 the day it was moved, 0 once it is due. */
export function trashDaysLeft(item: Trashable, now: Date): number {
  const at = purgeAt(item, now);
  return at ? Math.max(0, Math.ceil((at.getTime() - now.getTime()) / DAY_MS)) : TRASH_DAYS;
}

/** True once the key has been in the Trash for TRASH_DAYS by this device's clock. */
export function purgeDue(item: Trashable, now: Date): boolean {
  const at = purgeAt(item, now);
  return at !== null && now.getTime() >= at.getTime();
}

/** Moves the key to the Trash: an update of its payload, nothing else in it changes. */
export function trashItem(item: ItemPayload, now: Date): ItemPayload {
  if (isTrashed(item)) throw new VaultError('invalid-state', `"${item.name}" is already in the Trash`);
  const at = now.toISOString();
  return { ...item, trashedAt: at, updatedAt: at };
}

/** Brings the key back: the same item without `trashedAt`; its history and rotation state are untouched. */
export function restoreItem(item: ItemPayload, now: Date): ItemPayload {
  if (!isTrashed(item)) throw new VaultError('invalid-state', `"${item.name}" is not in the Trash`);
  const { trashedAt: _dropped, ...kept } = item;
  return { ...kept, updatedAt: now.toISOString() };
}
