/**
 * Deleting for good what has been in the Trash for 30 days (shared/vault/trash.ts), by whichever device
 * that may write the vault is unlocked first after that: the extension after each sync, the CLI on
 * `sync` and `trash` commands. Each purge is a real delete through the engine (a tombstone every
 * device learns of) with its audit entry, decided again on the item as it is at that moment, so a
 * restore synced in meanwhile is never undone.
 */
import type { IndexedItem } from './summary-index.js';
import type { SyncEngine } from './engine.js';
import { sightTrash, type TrashSightingStore } from './trash-sightings.js';
import { isTrashed, purgeDue } from '../vault/trash.js';

/** The engine calls a purge makes; a narrow slice so tests and both hosts pass their own. */
export type PurgeEngine = Pick<SyncEngine, 'update' | 'recordAudit'>;

class NoLongerDue extends Error {}

/**
 * Deletes one trashed key for good, with `item.delete` audited as `{ name, trash: 'purged' }`; false
 * when it is no longer in the Trash (restored meanwhile) or, with `onlyDue`, not due yet by this
 * device's first sight of it there (`onlyDue.seenAt`).
 */
export async function purgeTrashed(engine: PurgeEngine, vaultId: string, itemId: string, now: Date, options: { onlyDue: false } | { onlyDue: { seenAt: string } }): Promise<boolean> {
  let done;
  try {
    done = await engine.update(vaultId, itemId, (current) => {
      if (!isTrashed(current) || (options.onlyDue && !purgeDue(current, now, options.onlyDue.seenAt))) throw new NoLongerDue();
      return null;
    });
  } catch (error) {
    if (error instanceof NoLongerDue) return false;
    throw error;
  }
  if (!done) return false;
  await engine.recordAudit(vaultId, 'item.delete', itemId, { name: done.before.name, trash: 'purged' });
  return true;
}

/**
 * Purges the vault's trashed keys whose 30 days are over by `now`, counted from the later of their
 * `trashedAt` and this device's first sight of them in the Trash (recorded here first); how many went.
 */
export async function purgeDueTrash(engine: PurgeEngine, vaultId: string, trashed: readonly IndexedItem[], now: Date, sightings: TrashSightingStore): Promise<number> {
  const seen = await sightTrash(sightings, vaultId, trashed, now);
  let purged = 0;
  for (const item of trashed) {
    const seenAt = seen[item.itemId]!;
    if (!purgeDue(item.facts, now, seenAt)) continue;
    if (await purgeTrashed(engine, vaultId, item.itemId, now, { onlyDue: { seenAt } })) purged++;
  }
  return purged;
}
