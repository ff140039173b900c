/**
 * Appending v2 audit records (docs/crypto.md §21), inside a transaction that holds the vault row's
 * lock. The server checks what an honest server can: the entry is this device's and this account's,
 * its signature verifies with the device's registered key, its `seen` is a head this chain really had,
 * and a write record names the item state that is really stored. Then it gives the entry the next seq
 * and the link to the record before. A client checks all of it again, and more (certificates), itself.
 */
import { GENESIS_HASH, type ChainHead } from '../shared/audit/entry.js';
import { recordHash, type AuditEntryV2, type AuditRecord } from '../shared/audit/record.js';
import { checkSigner, type DeviceRecord } from '../shared/audit/verify.js';
import type { Tx } from './db/transaction.js';
import { ApiError, notFound } from './errors.js';

export interface ChainState {
  head: ChainHead;
  format: number;
}

export interface LockedVault extends ChainState {
  itemSeq: number;
  itemRecords: boolean;
  tokenSeq: number;
  /** What the quotas count (server/quotas.ts): this vault's live items, and the bytes of every vault its creator made. */
  stored: { items: number; accountBytes: number };
}

/**
 * Locks the vault row and reads its chain head, its seqs and what its quotas count, in one statement:
 * a push reads nothing else of the vault before it writes. This vault's bytes come from the locked row
 * itself: a statement that waited for the lock sees the row as the previous writer committed it, but
 * its subqueries still read the snapshot from before the wait (so the other vaults' share may lag).
 */
export async function lockChain(tx: Tx, vaultId: string): Promise<LockedVault> {
  const [vault] = await tx<
    { audit_seq: string; audit_hash: string; audit_ts: string; audit_format: number; item_seq: string; item_records: boolean; token_seq: string; item_count: string; account_bytes: string }[]
  >`
    select v.audit_seq, v.audit_hash, v.audit_ts, v.audit_format, v.item_seq, v.item_records, v.token_seq, v.item_count,
      v.item_bytes + (select coalesce(sum(o.item_bytes), 0) from vaults o where o.created_by = v.created_by and o.id <> v.id) as account_bytes
    from vaults v where v.id = ${vaultId} for update of v`;
  if (!vault) throw notFound('no such vault');
  return {
    head: { seq: Number(vault.audit_seq), hash: vault.audit_hash, ts: Number(vault.audit_ts) },
    format: vault.audit_format,
    itemSeq: Number(vault.item_seq),
    itemRecords: vault.item_records,
    tokenSeq: Number(vault.token_seq),
    stored: { items: Number(vault.item_count), accountBytes: Number(vault.account_bytes) },
  };
}

/** Signature and ownership, checked before any lock is taken: it is the slow part. */
export async function checkEntryOwnership(entry: AuditEntryV2, session: { accountId: string; deviceId: string }, device: DeviceRecord): Promise<void> {
  if (entry.device !== session.deviceId || entry.actor !== session.accountId) {
    throw new ApiError(403, 'forbidden', `entry ${entry.id} must be signed by this device (${session.deviceId}) for this account`);
  }
  const problem = await checkSigner(entry, new Map([[entry.device, device]]));
  if (problem) throw new ApiError(422, 'audit-rejected', problem.message, { reason: problem.reason, id: entry.id });
}

/** Records planned after a chain's head: the rows to insert, and what the vault's row then says. */
export interface PlannedRecords {
  records: AuditRecord[];
  rows: { vault_id: string; seq: number; entry: ReturnType<Tx['json']>; hash: string; prev: string; entry_id: string; device_id: string }[];
  /** A `vault.upgrade` among them: from then on every write must bring its record (routes/items.ts). */
  upgraded: boolean;
}

/**
 * Plans entries after the head in `chain` (mutated), in order. An entry already in the chain (same id:
 * a device sent it again after losing the answer) is skipped. One read: the ids already there and the
 * heads the entries claim to have seen.
 */
export async function planRecords(tx: Tx, vaultId: string, chain: ChainState, entries: AuditEntryV2[]): Promise<PlannedRecords> {
  if (entries.length === 0) return { records: [], rows: [], upgraded: false };
  const ids = entries.map((e) => e.id);
  const seenSeqs = [...new Set(entries.map((e) => e.seen.seq).filter((s) => s > 0 && s <= chain.head.seq))];
  const known = await tx<{ entry_id: string; seq: string; hash: string }[]>`
    select entry_id, seq, hash from audit_entries
    where vault_id = ${vaultId} and (entry_id in ${tx(ids)} or seq in ${tx(seenSeqs.length > 0 ? seenSeqs : [0])})`;
  const existing = new Set(known.map((r) => r.entry_id));
  const seenHashes = new Map(known.map((r) => [Number(r.seq), r.hash]));
  const planned: { record: AuditRecord; hash: string }[] = [];
  for (const entry of entries) {
    if (existing.has(entry.id) || planned.some((r) => r.record.entry.id === entry.id)) continue;
    const seenHash = entry.seen.seq === 0 ? GENESIS_HASH : seenHashes.get(entry.seen.seq);
    if (entry.seen.seq > chain.head.seq || seenHash !== entry.seen.hash) {
      throw new ApiError(422, 'audit-rejected', `entry ${entry.id} claims a head (seq ${entry.seen.seq}) this chain never had; sync and sign it again`, { reason: 'bad-seen', id: entry.id });
    }
    const record: AuditRecord = { seq: chain.head.seq + 1, prev: chain.head.hash, entry };
    const hash = await recordHash(record);
    planned.push({ record, hash });
    chain.head = { seq: record.seq, hash, ts: Math.max(chain.head.ts, entry.ts) };
  }
  if (planned.length > 0) chain.format = 2;
  return {
    records: planned.map((p) => p.record),
    rows: planned.map(({ record, hash }) => ({
      vault_id: vaultId,
      seq: record.seq,
      entry: tx.json(record.entry as never),
      hash,
      prev: record.prev,
      entry_id: record.entry.id,
      device_id: record.entry.device,
    })),
    upgraded: planned.some((p) => p.record.entry.action === 'vault.upgrade'),
  };
}

/** The part of the vault row's update that moves its chain head after `planned` (empty when nothing is planned). */
export function chainHeadUpdate(tx: Tx, chain: ChainState, planned: PlannedRecords) {
  return planned.rows.length === 0
    ? tx``
    : tx`, audit_seq = ${chain.head.seq}, audit_hash = ${chain.head.hash}, audit_ts = ${chain.head.ts}, audit_format = 2, item_records = item_records or ${planned.upgraded}`;
}

/** Appends entries after the head in `chain` (mutated); returns the records written. */
export async function appendRecords(tx: Tx, vaultId: string, chain: ChainState, entries: AuditEntryV2[]): Promise<AuditRecord[]> {
  const planned = await planRecords(tx, vaultId, chain, entries);
  if (planned.rows.length > 0) {
    await tx`
      with appended as (insert into audit_entries ${tx(planned.rows, 'vault_id', 'seq', 'entry', 'hash', 'prev', 'entry_id', 'device_id')})
      update vaults set id = id ${chainHeadUpdate(tx, chain, planned)} where id = ${vaultId}`;
  }
  return planned.records;
}
