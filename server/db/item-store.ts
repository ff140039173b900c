/**
 * The items table's statements, shared by the sync routes and the bench's bare same-SQL baseline
 * (tests/bench/bare-server.ts), so that the baseline runs exactly what the routes run.
 */
import type { Sql } from 'postgres';
import type { ItemChange } from '../../shared/protocol/api.js';
import { chainHeadUpdate, type ChainState, type PlannedRecords } from '../audit-chain.js';
import type { StorageDelta } from '../quotas.js';
import type { Tx } from './transaction.js';

export interface ItemRow {
  id: string;
  revision: string;
  seq: string;
  blob: string | null;
  deleted: boolean;
  record_seq: string | null;
}

export const changeJson = (r: ItemRow): ItemChange => ({
  itemId: r.id,
  revision: Number(r.revision),
  seq: Number(r.seq),
  blob: r.blob,
  deleted: r.deleted,
  recordSeq: r.record_seq === null ? null : Number(r.record_seq),
});

/** The changes above `after`, in order; one more than `limit` says whether there are more. */
export function changesAfter(sql: Sql, vaultId: string, after: number, limit: number) {
  return sql<ItemRow[]>`
    select id, revision, seq, blob, deleted, record_seq from items
    where vault_id = ${vaultId} and seq > ${after}
    order by seq limit ${limit + 1}`;
}

/** The stored state of the items a push names (run after the vault's lock: see routes/items.ts). */
export function storedItems(tx: Tx, vaultId: string, itemIds: string[]) {
  return tx<ItemRow[]>`
    select id, revision, seq, blob, deleted, record_seq from items
    where vault_id = ${vaultId} and id in ${tx(itemIds)}`;
}

export interface ItemWrite {
  itemId: string;
  revision: number;
  seq: number;
  blob: string | null;
  recordSeq: number | null;
}

export interface PushWrite {
  vaultId: string;
  writes: ItemWrite[];
  /** The vault's item seq after the writes. */
  itemSeq: number;
  storage: StorageDelta;
  chain: ChainState;
  records: PlannedRecords;
}

/**
 * One statement for everything a push changes: the audit records join the chain, the items are
 * written, their earlier token grants dropped (the new ones follow: the grants' key would collide
 * inside one statement), and the vault's row takes its new item seq, storage counts and chain head.
 */
export async function writePush(tx: Tx, push: PushWrite): Promise<void> {
  const { vaultId, writes, records } = push;
  if (writes.length === 0) return;
  const rows = writes.map((w) => ({ vault_id: vaultId, id: w.itemId, revision: w.revision, seq: w.seq, blob: w.blob, deleted: w.blob === null, record_seq: w.recordSeq }));
  // The audit rows come after the items: postgres.js picks how to expand `${tx(rows, …)}` from the
  // last SQL keyword before it in the whole text so far, and the records' `insert` ahead of the items'
  // would leave `written as (` as that keyword.
  const appended =
    records.rows.length === 0 ? tx`` : tx`appended as (insert into audit_entries ${tx(records.rows, 'vault_id', 'seq', 'entry', 'hash', 'prev', 'entry_id', 'device_id')}),`;
  await tx`
    with written as (
      insert into items ${tx(rows, 'vault_id', 'id', 'revision', 'seq', 'blob', 'deleted', 'record_seq')}
      on conflict (vault_id, id) do update set revision = excluded.revision, seq = excluded.seq, blob = excluded.blob,
        deleted = excluded.deleted, record_seq = excluded.record_seq, updated_at = now()
    ),
    ${appended}
    ungranted as (delete from access_token_grants where vault_id = ${vaultId} and item_id in ${tx(writes.map((w) => w.itemId))})
    update vaults set item_seq = ${push.itemSeq}, item_count = item_count + ${push.storage.items}, item_bytes = item_bytes + ${push.storage.bytes}
      ${chainHeadUpdate(tx, push.chain, records)}
    where id = ${vaultId}`;
}
