/**
 * The Trash (decision 118): a deleted key is first an ordinary item whose sealed payload says when it was
 * moved there (`trashedAt`, docs/crypto.md §7), so the move syncs, merges and can be undone like any edit,
 * and the server learns only that the item changed. After `TRASH_DAYS` any device that can write the
 * vault deletes it for good (a real tombstone, shared/sync/trash-purge.ts).
 *
 * Times come from places none of which is trusted alone: `trashedAt` was written by whichever device
 * moved the key (a teammate's, with its own clock, or a hostile writer's), and `now` is this device's
 * clock. A `trashedAt` in the future counts as now. One in the past is not believed either: the 30
 * days run from the later of `trashedAt` and when this device first saw the key in the Trash (its own
 * record, shared/sync/trash-sightings.ts), so a backdated move, or a clock a month slow elsewhere,
 * cannot make this device delete a key for good the moment it sees it in the Trash. A key can still
 * be deleted for good by hand.
 */
import { VaultError } from '../errors.js';
import type { ItemPayload } from './item.js';

export const TRASH_DAYS = 30;
const DAY_MS = 86_400_000;

/** A payload (`trashedAt` absent when not trashed) or an item's facts (null then). */
type Trashable = { trashedAt?: string | null };

export const isTrashed = (item: Trashable): boolean => typeof item.trashedAt === 'string';

/** A time as this device takes it: never later than `now`; unparseable as `now` (it cannot pass the schemas). */
function notAfter(iso: string, now: Date): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? now.getTime() : Math.min(at, now.getTime());
}

/** When the key was moved to the Trash, as its sealed `trashedAt` says: never later than `now`. */
export function trashedSince(item: Trashable, now: Date): Date | null {
  return isTrashed(item) ? new Date(notAfter(item.trashedAt!, now)) : null;
}

/**
 * When it is deleted for good, as this device counts it (null for a key not in the Trash): 30 days after
 * the later of its `trashedAt` and `seenAt`, when this device first saw it there (none yet: now).
 */
export function purgeAt(item: Trashable, now: Date, seenAt: string = now.toISOString()): Date | null {
  const since = trashedSince(item, now);
  return since && new Date(Math.max(since.getTime(), notAfter(seenAt, now)) + TRASH_DAYS * DAY_MS);
}

/** Whole days left before the key is deleted for good: 30 the day it was moved, 0 once it is due. */
export function trashDaysLeft(item: Trashable, now: Date, seenAt?: string): number {
  const at = purgeAt(item, now, seenAt);
  return at ? Math.max(0, Math.ceil((at.getTime() - now.getTime()) / DAY_MS)) : TRASH_DAYS;
}

/**
 * True once the key has been in the Trash for TRASH_DAYS by this device's clock, counted from the later
 * of its `trashedAt` and this device's first sight of it there (`seenAt`; none yet: not due).
 */
export function purgeDue(item: Trashable, now: Date, seenAt?: string): boolean {
  const at = purgeAt(item, now, seenAt);
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
