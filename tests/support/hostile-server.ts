/**
 * What a hostile operator does to the audit chain with direct writes to the database: well-formed rows,
 * links recomputed, the server's checks bypassed.
 */
import { recordHash, type AuditRecord } from '../../shared/index.js';
import type { Database } from '../../server/db/connect.js';

type Sql = Database['sql'];

/** Appends a record exactly as the server's code would, bypassing its checks. */
export async function serverAppends(sql: Sql, vaultId: string, entry: AuditRecord['entry'], deviceId: string): Promise<void> {
  const [vault] = await sql<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId}`;
  const record: AuditRecord = { seq: Number(vault!.audit_seq) + 1, prev: vault!.audit_hash, entry };
  const hash = await recordHash(record);
  await sql`insert into audit_entries (vault_id, seq, entry, hash, prev, entry_id, device_id) values (${vaultId}, ${record.seq}, ${sql.json(entry as never)}, ${hash}, ${record.prev}, ${entry.id}, ${deviceId})`;
  await sql`update vaults set audit_seq = ${record.seq}, audit_hash = ${hash}, audit_ts = ${Math.max(Number(vault!.audit_ts), entry.ts)}, audit_format = 2 where id = ${vaultId}`;
}

/** The chain as it is now, and a function that puts it back (a restore from backup). */
export async function snapshotChain(sql: Sql, vaultId: string): Promise<() => Promise<void>> {
  const [vault] = await sql<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId}`;
  return async () => {
    await sql`delete from audit_entries where vault_id = ${vaultId} and seq > ${vault!.audit_seq}`;
    await sql`update vaults set audit_seq = ${vault!.audit_seq}, audit_hash = ${vault!.audit_hash}, audit_ts = ${vault!.audit_ts} where id = ${vaultId}`;
  };
}
