/**
 * When this device first saw each key in the Trash: its own record, kept beside its other local state
 * and never synced (decision 118). The 30 days before a key is deleted for good run from the later of
 * the key's sealed `trashedAt` and this sighting (shared/vault/trash.ts), so a writer who backdates a
 * move, or a device whose clock is a month slow, cannot make this device purge the key on sight.
 *
 * A lost record (a new browser, a cleared profile) only delays purges: every key in the Trash is then
 * first seen again now.
 */
import type { IndexedItem } from './summary-index.js';

/** One vault's sightings: item id → the ISO time this device first saw it in the Trash. */
export type TrashSightings = Record<string, string>;

export interface TrashSightingStore {
  /** Reads, changes and writes one vault's sightings as one step (two vaults may be sighted at once). */
  update(vaultId: string, change: (seen: TrashSightings) => TrashSightings): Promise<TrashSightings>;
}

/** What a store holds, checked: junk (from a disk anyone could edit) is no sighting. */
export function readSightings(value: unknown): TrashSightings {
  const seen: TrashSightings = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return seen;
  for (const [itemId, at] of Object.entries(value)) if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) seen[itemId] = at;
  return seen;
}

/**
 * Records `now` as the first sighting of each key in `trashed` without one (or with one ahead of this
 * clock), and forgets keys no longer in the Trash (restored, or gone): the vault's sightings after that.
 */
export function sightTrash(store: TrashSightingStore, vaultId: string, trashed: readonly IndexedItem[], now: Date): Promise<TrashSightings> {
  return store.update(vaultId, (before) => {
    const seen = readSightings(before);
    const next: TrashSightings = {};
    for (const { itemId } of trashed) {
      const at = seen[itemId];
      next[itemId] = at !== undefined && Date.parse(at) <= now.getTime() ? at : now.toISOString();
    }
    return next;
  });
}

/** A store in memory, for tests and for hosts that keep their state as one object they save themselves. */
export function memorySightings(holder: { get(vaultId: string): unknown; set(vaultId: string, seen: TrashSightings): void }): TrashSightingStore {
  return {
    update: async (vaultId, change) => {
      const next = change(readSightings(holder.get(vaultId)));
      holder.set(vaultId, next);
      return next;
    },
  };
}
