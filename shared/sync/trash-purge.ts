/**
 * Deleting for good what has been in the Trash for 30 days (shared/vault/trash.ts), by whichever device
 * that may write the vault is unlocked first after that: the extension after each sync, the CLI on
 * `sync` and `trash` commands. Each purge is a real delete through the engine (a tombstone every
 * device learns of) with its audit entry, decided again on the item as it is at that moment, so a
 * restore synced in meanwhile is never undone.
 */
import type { IndexedItem } from './summary-index.js';
import type { SyncEngine } from './engine.js';
import { isTrashed, purgeDue } from '../vault/trash.js';

/** The engine calls a purge makes; a narrow slice so tests and both hosts pass their own. */
export type PurgeEngine = Pick<SyncEngine, 'update' | 'recordAudit'>;

class NoLongerDue extends Error {}

/**
 * Deletes one trashed key for good, with `item.delete` audited as `{ name, trash: 'purged' }`; false
 * when it is no longer in the Trash (restored meanwhile) or, with `onlyDue`, not due yet.
 */
export async function purgeTrashed(engine: PurgeEngine, vaultId: string, itemId: string, now: Date, options: { onlyDue: boolean }): Promise<boolean> {
  let done;
  try {
    done = await engine.update(vaultId, itemId, (current) => {
      if (!isTrashed(current) || (options.onlyDue && !purgeDue(current, now))) throw new NoLongerDue();
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

/** Purges the vault's trashed keys whose 30 days are over by `now`; how many went. */
export async function purgeDueTrash(engine: PurgeEngine, vaultId: string, trashed: readonly IndexedItem[], now: Date): Promise<number> {
  let purged = 0;
  for (const item of trashed) {
    if (!purgeDue(item.facts, now)) continue;
    if (await purgeTrashed(engine, vaultId, item.itemId, now, { onlyDue: true })) purged++;
  }
  return purged;
}
