/**
 * Checking an item state the server sends against the audit chain (docs/crypto.md §22). Every write of
 * an item in a v2 vault is named in the chain by a signed `item.write` record: its revision and the
 * SHA-256 of its blob, or that it was a delete. The newest one this device verified is the item's
 * `proof`; a state is adopted only if it is exactly the one the proof names:
 *
 * - older than the proof: the server holds back the newest version (a rollback): `held-back`;
 * - the proof's revision with another blob, or "deleted" without a delete record: `forged`;
 * - newer than any record (or no record at all once the vault names every write): `unrecorded`;
 *   the engine looks at the chain again first, since the record may have come after it last looked.
 *
 * Before a vault's `vault.upgrade` record, states without a record are accepted (written by clients
 * from before v2), as they always were.
 */
import { blobHash } from '../audit/record.js';
import type { ItemProof, LocalItem, ServerState } from './store.js';

export type Judgement = { ok: true } | { ok: false; reason: 'held-back' | 'forged' | 'unrecorded'; message: string };

export async function judgeRemote(proof: ItemProof | null | undefined, remote: ServerState, namesEveryWrite: boolean): Promise<Judgement> {
  if (!proof) {
    return namesEveryWrite ? { ok: false, reason: 'unrecorded', message: `revision ${remote.revision} is named by no audit record` } : { ok: true };
  }
  if (remote.revision < proof.rev) {
    return { ok: false, reason: 'held-back', message: `the server sent revision ${remote.revision}, but the audit log names revision ${proof.rev}` };
  }
  if (remote.revision > proof.rev) return { ok: false, reason: 'unrecorded', message: `revision ${remote.revision} is newer than any audit record (${proof.rev})` };
  const matches = proof.deleted ? remote.deleted : !remote.deleted && remote.blob !== null && (await blobHash(remote.blob)) === proof.hash;
  return matches ? { ok: true } : { ok: false, reason: 'forged', message: `revision ${remote.revision} is not the ${proof.deleted ? 'delete' : 'blob'} the audit log names` };
}

/** What is wrong with an item as this device holds it, if anything: for the sync report's warnings. */
export function itemProblem(item: LocalItem): { reason: string; message: string } | null {
  const proof = item.proof;
  if (!proof || item.pending) return null;
  if (!item.base && !proof.deleted) return { reason: 'missing', message: `the audit log names revision ${proof.rev} of this item, but the server does not serve it` };
  if (item.base && item.base.revision < proof.rev) return { reason: 'held-back', message: `the audit log names revision ${proof.rev}, but the server serves ${item.base.revision}` };
  return null;
}
