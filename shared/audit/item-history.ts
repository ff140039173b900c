/**
 * An item's history as the chain tells it (docs/crypto.md §22): every `item.write` record must follow
 * the one before for the same item, so the chain cannot hold two versions of one revision, or a write
 * spliced in from elsewhere, and still verify. A write names the revision it makes and the hash of the
 * state it replaced (`prev`); a vault's history starts either at revision 1 or, for items written by
 * clients from before v2, at an `item.baseline` record that the upgrading device signed for the state
 * it held. After the vault's `vault.upgrade` record:
 *
 *   item.write  rev = last.rev + 1 and prev = last.hash   (rev 1 and prev null for a new item)
 *   item.baseline                                          refused
 *
 * Before it, clients from before v2 write without records, so a write need only move the revision
 * forward, and must name its predecessor when it follows it directly; a baseline may repeat what is
 * already known (two devices upgrading at once) but not contradict it.
 *
 * A server that appends a record it held back (a push it answered "conflict" to, signed for a revision
 * another write took) makes a second version of that revision: this check refuses it.
 */
import type { AuditRecord } from './record.js';

/** The newest write of an item the chain names, and the record's place in it. */
export interface ItemProof {
  rev: number;
  hash: string | null;
  deleted: boolean;
  seq: number;
}

export interface HistoryStart {
  /** What the chain said about each item before these records (the items' proofs). */
  proofs: ReadonlyMap<string, ItemProof>;
  /** The chain before these records holds a `vault.upgrade` record. */
  upgraded: boolean;
}

export type HistoryResult =
  | { ok: true; proofs: Map<string, ItemProof>; upgraded: boolean }
  /** `proofs` and `upgraded` as of the records before the one that fails: those still hold. */
  | { ok: false; index: number; seq: number; message: string; proofs: Map<string, ItemProof>; upgraded: boolean };

const stateHash = (proof: ItemProof | undefined) => (proof && !proof.deleted ? proof.hash : null);

/** Follows the records' item writes from `start`; the first one that does not follow is the failure. */
export function followItemHistory(records: readonly AuditRecord[], start: HistoryStart): HistoryResult {
  const changed = new Map<string, ItemProof>();
  let upgraded = start.upgraded;
  const last = (itemId: string) => changed.get(itemId) ?? start.proofs.get(itemId);
  for (const [index, { seq, entry }] of records.entries()) {
    const fail = (message: string): HistoryResult => ({ ok: false, index, seq, message: `record ${seq}: ${message}`, proofs: changed, upgraded });
    if (entry.action === 'vault.upgrade') {
      upgraded = true;
      continue;
    }
    const names = entry.action === 'item.write' || entry.action === 'item.baseline';
    if (!names) {
      if (entry.write !== null) return fail(`a ${entry.action} entry names an item write`);
      continue;
    }
    const write = entry.write;
    if (!entry.item || !write) return fail(`an ${entry.action} record names no item or no write`);
    if (write.deleted !== (write.hash === null)) return fail(`a write is a delete exactly when it names no blob`);
    const before = last(entry.item);
    // A record at or before the one the item's proof came from: this device took it already (its own
    // push, or a check that stopped after storing the proofs and before moving the head). It must be
    // that very write, or an older revision; anything else is a second version of a revision.
    if (before && seq <= before.seq) {
      const same = seq === before.seq ? write.rev === before.rev && write.hash === before.hash && write.deleted === before.deleted : write.rev < before.rev;
      if (!same) return fail(`item ${entry.item} has a second version of revision ${write.rev}, or its record moved`);
      continue;
    }
    const proof: ItemProof = { rev: write.rev, hash: write.hash, deleted: write.deleted, seq };
    if (entry.action === 'item.baseline') {
      if (upgraded) return fail(`a baseline of item ${entry.item} after the vault's upgrade`);
      if (write.prev !== null) return fail(`a baseline names a predecessor`);
      if (before && (write.rev < before.rev || (write.rev === before.rev && (write.hash !== before.hash || write.deleted !== before.deleted)))) {
        return fail(`a baseline of item ${entry.item} at revision ${write.rev} contradicts revision ${before.rev} that the chain already names`);
      }
      if (!before || write.rev > before.rev) changed.set(entry.item, proof);
      continue;
    }
    const expected = before ? before.rev + 1 : 1;
    const follows = write.rev === expected && write.prev === stateHash(before);
    const again = before !== undefined && write.rev <= before.rev;
    if (again) return fail(`item ${entry.item} has a second version of revision ${write.rev}`);
    if (write.rev === expected && !follows) return fail(`revision ${write.rev} of item ${entry.item} replaces another state than revision ${before?.rev ?? 0}`);
    // Before the upgrade, writes by clients from before v2 leave no record: revisions may skip.
    if (upgraded && !follows) return fail(`item ${entry.item} skips from revision ${before?.rev ?? 0} to ${write.rev}`);
    changed.set(entry.item, proof);
  }
  return { ok: true, proofs: changed, upgraded };
}
