/**
 * Applying a push, inside the transaction that holds the vault's row lock: which writes land (a stale
 * `baseRevision`, or a record naming another state than the one stored, is a conflict), the quotas,
 * the writes' audit records and token grants. Statements, in order: the lock, the stored items (and
 * the device's key, pipelined with them), the chain's lookups when records come, one write.
 */
import type { AuditEntryV2 } from '../shared/audit/record.js';
import { blobHash } from '../shared/audit/record.js';
import type { PushItem, PushResult } from '../shared/protocol/api.js';
import { checkEntryOwnership, lockChain, planRecords } from './audit-chain.js';
import { holdDeviceKey, type DeviceSigner } from './device-signer.js';
import type { Session } from './context.js';
import type { Tx } from './db/transaction.js';
import { storedItems, writePush, type ItemWrite } from './db/item-store.js';
import { ApiError } from './errors.js';
import { checkStorage, storageDelta, type Quotas } from './quotas.js';
import { tokensChanged } from './routes/tokens.js';

export interface PushInput {
  vaultId: string;
  who: Session;
  items: PushItem[];
  tokenSeq: number | undefined;
  /** Each item's record, checked against its signer before the lock (routes/items.ts). */
  records: Map<string, AuditEntryV2>;
  signer: DeviceSigner | null;
  quotas: Quotas;
}

export async function applyPush(tx: Tx, input: PushInput): Promise<{ results: PushResult[]; seq: number }> {
  const { vaultId, who, items, records } = input;
  // Lock the vault row first, then read the items in a statement of their own. The lock orders
  // writers: seq values are handed out and committed in order, so a pull cursor can never step over
  // a write that commits later. The read must come after the lock, not in the same statement: under
  // READ COMMITTED a statement that waited for the lock re-checks only the locked row, so items read
  // in it would be the ones from before the previous writer committed (two writers of one
  // baseRevision would then both be told "ok"). Pipelined statements still run one after the other.
  const chain = await lockChain(tx, vaultId);
  // Grants depend on which narrowed tokens exist: a push made for an older list would leave one out.
  if (chain.tokenSeq !== (input.tokenSeq ?? 0)) throw tokensChanged();
  if (chain.itemRecords && items.some((i) => !records.has(i.itemId))) {
    throw new ApiError(400, 'bad-request', 'this vault names every write in its audit chain: each item needs its record (update KeyHaven)');
  }
  const [fresh, rows] = await Promise.all([
    input.signer ? holdDeviceKey(tx, who, input.signer) : null,
    storedItems(
      tx,
      vaultId,
      items.map((i) => i.itemId),
    ),
  ]);
  if (fresh) for (const record of records.values()) await checkEntryOwnership(record, who, fresh);

  const current = new Map(rows.map((r) => [r.id, r]));
  let seq = chain.itemSeq;
  const accepted: (ItemWrite & { record: AuditEntryV2 | undefined })[] = [];
  const results: PushResult[] = [];
  const storage = { items: 0, bytes: 0 };
  for (const item of items) {
    const existing = current.get(item.itemId);
    const revision = existing ? Number(existing.revision) : 0;
    const record = records.get(item.itemId);
    // The record names the state it replaces (item-history.ts): the one stored, or it is not chained.
    // The device wrote on top of another state than the one stored at that revision (a row changed
    // under the server, or a client's bug): a conflict, so it sees what is stored and judges it
    // against its proofs, rather than an error that stops its whole sync.
    const replaced = existing && !existing.deleted && existing.blob !== null ? existing.blob : null;
    const stale = revision !== item.baseRevision || (!existing && item.blob === null) || (record && record.write!.prev !== (replaced === null ? null : await blobHash(replaced)));
    if (stale) {
      const recordSeq = existing?.record_seq ? Number(existing.record_seq) : null;
      results.push({ itemId: item.itemId, status: 'conflict', current: { revision, blob: existing?.blob ?? null, deleted: existing?.deleted ?? false, recordSeq } });
      continue;
    }
    const d = storageDelta(existing, item.blob);
    storage.items += d.items;
    storage.bytes += d.bytes;
    seq += 1;
    accepted.push({ itemId: item.itemId, revision: revision + 1, seq, blob: item.blob, recordSeq: null, record });
  }
  checkStorage(chain.stored, storage, input.quotas);
  await checkGrants(tx, vaultId, items);

  // The records of the accepted writes join the chain in the same statement as the writes.
  const planned = await planRecords(tx, vaultId, chain, accepted.flatMap((a) => (a.record ? [a.record] : [])));
  const recordSeqOf = new Map(planned.records.map((r) => [r.entry.item!, r.seq]));
  for (const a of accepted) {
    a.recordSeq = recordSeqOf.get(a.itemId) ?? null;
    // planRecords skips an entry whose id is already chained (a retry): an accepted write is never a
    // retry, so its record reused an id, and the write would land named by no record. Nothing is kept.
    if (a.record && a.recordSeq === null) {
      throw new ApiError(422, 'audit-rejected', `entry ${a.record.id} is already in this vault's audit chain: each write needs a record of its own`, { reason: 'duplicate-id', id: a.record.id });
    }
  }
  await writePush(tx, { vaultId, writes: accepted, itemSeq: seq, storage, chain, records: planned });
  await insertGrants(tx, vaultId, items, accepted);

  for (const a of accepted) results.push({ itemId: a.itemId, status: 'ok', revision: a.revision, seq: a.seq, recordSeq: a.recordSeq });
  // Results in the order of the request.
  const order = new Map(items.map((i, n) => [i.itemId, n]));
  results.sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)!);
  return { results, seq };
}

/** Grants name live narrowed tokens of this vault, once each, and only on writes that keep the item. */
async function checkGrants(tx: Tx, vaultId: string, items: PushItem[]): Promise<void> {
  const withGrants = items.filter((i) => i.grants && i.grants.length > 0);
  if (withGrants.length === 0) return;
  for (const item of withGrants) {
    if (item.blob === null) throw new ApiError(400, 'bad-request', `item ${item.itemId}: a delete carries no grants`);
    if (new Set(item.grants!.map((g) => g.tokenId)).size !== item.grants!.length) throw new ApiError(400, 'bad-request', `item ${item.itemId}: a token is granted twice`);
  }
  const live = await tx<{ id: string }[]>`select id from access_tokens where vault_id = ${vaultId} and mode = 'items' and revoked_at is null`;
  const known = new Set(live.map((t) => t.id));
  const stranger = withGrants.flatMap((i) => i.grants!).find((g) => !known.has(g.tokenId));
  if (stranger) throw new ApiError(400, 'bad-request', `token ${stranger.tokenId} is not a live narrowed access token of this vault`);
}

/**
 * The grants of each accepted write replace the item's earlier ones (docs/crypto.md §25; `writePush`
 * dropped those): a narrowed token reads exactly the revisions wrapped for it, and an item that left
 * its scope leaves its grants.
 */
async function insertGrants(tx: Tx, vaultId: string, items: PushItem[], accepted: ItemWrite[]): Promise<void> {
  const byItem = new Map(items.map((i) => [i.itemId, i]));
  const rows = accepted.flatMap((a) => (byItem.get(a.itemId)!.grants ?? []).map((g) => ({ token_id: g.tokenId, vault_id: vaultId, item_id: a.itemId, revision: a.revision, blob: g.blob })));
  if (rows.length > 0) await tx`insert into access_token_grants ${tx(rows)}`;
}
