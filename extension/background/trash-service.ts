/**
 * The Trash across every vault the browser holds (one TrashActions per vault): what the Trash screen
 * asks for, and the 30-day purge the service runs after each sync and at unlock.
 */
import { compareNames, TRASH_DAYS } from '../../shared/index.js';
import type { TrashAnswer } from '../messages/trash-protocol.js';
import type { VaultContext } from './context.js';
import { TrashActions } from './trash-actions.js';

export interface TrashHost {
  /** Every vault's context, as the list of all keys uses them. */
  vaultContexts(): Promise<VaultContext[]>;
  /** The vault's context; without an id, the default vault's. */
  context(vaultId?: string): Promise<VaultContext>;
}

/** Newest first: the key a person just deleted is the one they come looking for. */
export async function trashList(host: TrashHost, now = new Date()): Promise<TrashAnswer> {
  const rows = (await Promise.all((await host.vaultContexts()).map((ctx) => new TrashActions(ctx).rows(now)))).flat();
  rows.sort((a, b) => b.trashedAt.localeCompare(a.trashedAt) || compareNames(a.name, b.name));
  return { items: rows, days: TRASH_DAYS };
}

/** Deletes for good the trashed keys the person confirmed (`chosen`), and no others. */
export async function emptyTrash(host: TrashHost, chosen: readonly { vaultId: string; itemId: string }[]): Promise<TrashAnswer & { purged: number }> {
  let purged = 0;
  for (const ctx of await host.vaultContexts()) purged += await new TrashActions(ctx).empty(new Set(chosen.filter((c) => c.vaultId === ctx.vaultId).map((c) => c.itemId)));
  return { ...(await trashList(host)), purged };
}

/** Each vault's keys past their 30 days, deleted for good; one vault's failure does not stop the rest. */
export async function purgeDueTrash(host: TrashHost, now = new Date()): Promise<number> {
  let purged = 0;
  for (const ctx of await host.vaultContexts()) purged += await new TrashActions(ctx).purgeDue(now).catch(() => 0);
  return purged;
}
