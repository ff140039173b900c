/**
 * A pending local write meeting a newer server state of the same item: the write is merged onto it
 * (three-way, merge.ts) so that the next push carries both edits. Pure apart from the crypto it is
 * handed; the engine decides where the result goes.
 */
import { CryptoError, VaultError } from '../errors.js';
import type { ItemPayload } from '../vault/item.js';
import { mergePayloads } from './merge.js';
import type { LocalItem, ServerState } from './store.js';

export interface ItemCodec {
  open(blob: string): Promise<ItemPayload>;
  seal(payload: ItemPayload): Promise<string>;
}

export type RebaseOutcome = {
  /** What is left to push on top of `remote`; null when the server already holds everything. */
  pending: LocalItem['pending'];
  /** Fields both sides changed differently (both values kept), or the delete that lost to an edit. */
  conflicts: string[];
  /** Set when one side could not be opened: our write is kept as it is, nothing merged. */
  unreadable?: string;
};

export async function rebasePending(base: ServerState | null, pending: NonNullable<LocalItem['pending']>, remote: ServerState, codec: ItemCodec, now: Date): Promise<RebaseOutcome> {
  try {
    const baseline = base?.blob && !base.deleted ? await codec.open(base.blob) : null;
    const ours = pending.blob ? await codec.open(pending.blob) : null;
    const theirs = remote.blob && !remote.deleted ? await codec.open(remote.blob) : null;
    if (!ours && !theirs) return { pending: null, conflicts: [] }; // deleted on both sides
    // Deleted here, edited there: keep the edit; a delete never wins over someone's change (decision #23).
    if (!ours) return { pending: null, conflicts: ['deleted here, edited on another device: kept'] };
    if (!theirs) return { pending: { blob: await codec.seal(ours), queuedAt: pending.queuedAt }, conflicts: [] };
    const { payload, conflicts } = mergePayloads(baseline, ours, theirs, now);
    if (JSON.stringify(payload) === JSON.stringify(theirs)) return { pending: null, conflicts };
    return { pending: { blob: await codec.seal(payload), queuedAt: pending.queuedAt }, conflicts };
  } catch (error) {
    if (!(error instanceof CryptoError || error instanceof VaultError)) throw error;
    // An unreadable side cannot be merged: keep our write as it is (nothing lost) and say so.
    return { pending, conflicts: [], unreadable: error.message };
  }
}
