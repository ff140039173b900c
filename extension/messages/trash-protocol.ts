/**
 * The part of the message protocol about the Trash (protocol.ts joins it into the one union): every
 * vault's trashed keys, restoring one, deleting one for good, emptying it. A restore answers with the
 * key's page; the others with the Trash as it is after the change.
 */
import { z } from 'zod';
import type { ItemType } from '../../shared/index.js';
import type { ItemDetail } from './protocol.js';

const id = z.string().min(1).max(200);

export const trashRequests = [
  z.strictObject({ type: z.literal('trash') }),
  z.strictObject({ type: z.literal('restore-trashed'), vaultId: id, itemId: id }),
  z.strictObject({ type: z.literal('purge-trashed'), vaultId: id, itemId: id }),
  /**
   * The trashed keys the person saw and confirmed, and only those: one moved to the Trash meanwhile
   * (a sync, a teammate) waits its 30 days like any other. Those of read-only vaults stay.
   */
  z.strictObject({ type: z.literal('empty-trash'), items: z.array(z.strictObject({ vaultId: id, itemId: id })).max(100_000) }),
] as const;

/** A key in the Trash as its row shows it: never its value, only the mask every list shows. */
export interface TrashRow {
  id: string;
  vaultId: string;
  vaultName: string;
  name: string;
  provider: string;
  environment: string;
  type: ItemType;
  masked: string;
  /** When it was moved there, as this device counts it (a time in the future counts as now). */
  trashedAt: string;
  /** When it is deleted for good, 30 days later. */
  purgeAt: string;
  daysLeft: number;
  /** False in a vault where this account is a viewer (or no longer a member): no restore, no delete. */
  canChange: boolean;
}

export interface TrashAnswer {
  items: TrashRow[];
  days: number;
}

export interface TrashAnswers {
  trash: TrashAnswer;
  'restore-trashed': ItemDetail;
  'purge-trashed': TrashAnswer & { name: string };
  'empty-trash': TrashAnswer & { purged: number };
}
