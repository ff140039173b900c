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

/** Locks the vault row and reads its chain head. */
export async function lockChain(tx: Tx, vaultId: string): Promise<ChainState & { itemSeq: number; itemRecords: boolean; tokenSeq: number }> {
  const [vault] = await tx<{ audit_seq: string; audit_hash: string; audit_ts: string; audit_format: number; item_seq: string; item_records: boolean; token_seq: string }[]>`
    select audit_seq, audit_hash, audit_ts, audit_format, item_seq, item_records, token_seq from vaults where id = ${vaultId} for update`;
  if (!vault) throw notFound('no such vault');
  return {
    head: { seq: Number(vault.audit_seq), hash: vault.audit_hash, ts: Number(vault.audit_ts) },
    format: vault.audit_format,
    itemSeq: Number(vault.item_seq),
    itemRecords: vault.item_records,
    tokenSeq: Number(vault.token_seq),
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

/**
 * Appends entries after the head in `chain` (mutated), in order; returns the records written. An entry
 * already in the chain (same id: a device sent it again after losing the answer) is skipped.
 */
export async function appendRecords(tx: Tx, vaultId: string, chain: ChainState, entries: AuditEntryV2[]): Promise<AuditRecord[]> {
  if (entries.length === 0) return [];
  const ids = entries.map((e) => e.id);
  const existing = new Set((await tx<{ entry_id: string }[]>`select entry_id from audit_entries where vault_id = ${vaultId} and entry_id in ${tx(ids)}`).map((r) => r.entry_id));
  const seenSeqs = [...new Set(entries.map((e) => e.seen.seq).filter((s) => s > 0 && s <= chain.head.seq))];
  const seenHashes = new Map(
    seenSeqs.length === 0 ? [] : (await tx<{ seq: string; hash: string }[]>`select seq, hash from audit_entries where vault_id = ${vaultId} and seq in ${tx(seenSeqs)}`).map((r) => [Number(r.seq), r.hash]),
  );
  const records: { record: AuditRecord; hash: string }[] = [];
  for (const entry of entries) {
    if (existing.has(entry.id) || records.some((r) => r.record.entry.id === entry.id)) continue;
    const seenHash = entry.seen.seq === 0 ? GENESIS_HASH : seenHashes.get(entry.seen.seq);
    if (entry.seen.seq > chain.head.seq || seenHash !== entry.seen.hash) {
      throw new ApiError(422, 'audit-rejected', `entry ${entry.id} claims a head (seq ${entry.seen.seq}) this chain never had; sync and sign it again`, { reason: 'bad-seen', id: entry.id });
    }
    const record: AuditRecord = { seq: chain.head.seq + 1, prev: chain.head.hash, entry };
    const hash = await recordHash(record);
    records.push({ record, hash });
    chain.head = { seq: record.seq, hash, ts: Math.max(chain.head.ts, entry.ts) };
  }
  if (records.length > 0) {
    const rows = records.map(({ record, hash }) => ({
      vault_id: vaultId,
      seq: record.seq,
      entry: tx.json(record.entry as never),
      hash,
      prev: record.prev,
      entry_id: record.entry.id,
      device_id: record.entry.device,
    }));
    // From a vault's first `vault.upgrade` record on, the chain names every item it holds, so every
    // later write must bring its record (routes/items.ts).
    const upgraded = records.some((r) => r.record.entry.action === 'vault.upgrade');
    await tx`
      with appended as (insert into audit_entries ${tx(rows, 'vault_id', 'seq', 'entry', 'hash', 'prev', 'entry_id', 'device_id')})
      update vaults set audit_seq = ${chain.head.seq}, audit_hash = ${chain.head.hash}, audit_ts = ${chain.head.ts}, audit_format = 2,
        item_records = item_records or ${upgraded} where id = ${vaultId}`;
    chain.format = 2;
  }
  return records.map((r) => r.record);
}
