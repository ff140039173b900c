/**
 * The audit log of a vault, as a chain of records `{seq, prev, entry}` (docs/crypto.md §11, §21).
 *
 * v2 entries (what clients write now): the server checks each as an honest server can (audit-chain.ts)
 * and gives it the next place; there is no race for the head. v1 entries (clients from before): each
 * names its own seq and prev, the server checks them as a client would and refuses with
 * `audit-head-moved` (and the head) when another device appended first; once a vault's chain holds a
 * v2 record, v1 entries are refused for good (no downgrade).
 */
import { Hono } from 'hono';
import { auditEntrySchema, entryHash, type AuditEntry, type ChainHead } from '../../shared/audit/entry.js';
import { auditEntryV2Schema, blobHash, type AuditEntryV2, type AuditRecord } from '../../shared/audit/record.js';
import { checkLink, checkSigner } from '../../shared/audit/verify.js';
import { auditAppendRequestSchema, changesQuerySchema } from '../../shared/protocol/api.js';
import { appendRecords, checkEntryOwnership, lockChain } from '../audit-chain.js';
import { deviceSigner, holdDeviceKey } from '../device-signer.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';
import { transaction, type Tx } from '../db/transaction.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readQuery, validate } from '../validate.js';

const HEAD_MOVED = new Set(['gap', 'reorder', 'broken-link']);

export function auditRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/:vaultId/audit', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const { after, limit } = readQuery(c, changesQuerySchema);
    const rows = await sql<{ seq: string; prev: string | null; entry: AuditEntry | AuditEntryV2 }[]>`
      select seq, prev, entry from audit_entries where vault_id = ${vaultId} and seq > ${after} order by seq limit ${limit + 1}`;
    const [head] = await sql<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId}`;
    return c.json({
      // v1 entries carry their own seq and prev; v2 records get theirs from the server's columns.
      records: rows.slice(0, limit).map((r) => ({ seq: Number(r.seq), prev: r.prev ?? (r.entry as AuditEntry).prev, entry: r.entry })),
      head: { seq: Number(head!.audit_seq), hash: head!.audit_hash, ts: Number(head!.audit_ts) },
      hasMore: rows.length > limit,
    });
  });

  // Any member may append: a viewer who reveals or copies a key must be able to record it.
  app.post('/:vaultId/audit', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const who = c.get('session');
    const body = await readJson(c, auditAppendRequestSchema);
    const v2 = body.entries.some((e) => (e as { v?: unknown } | null)?.v === 2);
    // The server's own check uses the keys it registered; clients go by the account's certificates.
    const record = await deviceSigner(sql, who);

    if (v2) {
      const entries = body.entries.map((e, i) => validate(auditEntryV2Schema, e, `body.entries.${i}`));
      for (const entry of entries) {
        if (entry.vault !== vaultId) throw new ApiError(422, 'audit-rejected', `entry ${entry.id} belongs to vault ${entry.vault}`, { reason: 'wrong-vault', id: entry.id });
        await checkEntryOwnership(entry, who, record);
      }
      const head = await transaction(sql, async (tx) => {
        const chain = await lockChain(tx, vaultId);
        const fresh = await holdDeviceKey(tx, who, record);
        if (fresh) for (const entry of entries) await checkEntryOwnership(entry, who, fresh);
        await checkWritesAgainstItems(tx, vaultId, entries, chain.itemRecords);
        const appended = await appendRecords(tx, vaultId, chain, entries);
        await nameBaselinedItems(tx, vaultId, appended);
        return chain.head;
      });
      deps.metrics.auditAppended.inc(entries.length);
      await deps.notifier.publish({ vaultId, kind: 'audit', seq: head.seq });
      return c.json({ head });
    }

    const entries = body.entries.map((e, i) => validate(auditEntrySchema, e, `body.entries.${i}`));
    const devices = new Map([[who.deviceId, record]]);
    // Signatures are checked before the vault row is locked: they are the slow part, and they do not
    // depend on the head. Under the lock only the links are checked.
    const hashed: { entry: AuditEntry; hash: string }[] = [];
    for (const entry of entries) {
      if (entry.device !== who.deviceId || entry.actor !== who.accountId) {
        throw new ApiError(403, 'forbidden', `entry ${entry.seq} must be signed by this device (${who.deviceId}) for this account`);
      }
      const problem = await checkSigner(entry, devices);
      if (problem) throw new ApiError(422, 'audit-rejected', problem.message, { reason: problem.reason, seq: entry.seq });
      hashed.push({ entry, hash: await entryHash(entry) });
    }
    const head = await transaction(sql, async (tx) => {
      const chain = await lockChain(tx, vaultId);
      if (chain.format >= 2) throw new ApiError(422, 'audit-rejected', "this vault's audit log has moved to v2 entries; update KeyHaven", { reason: 'downgrade' });
      const start: ChainHead = chain.head;
      let head = start;
      for (const [index, { entry, hash }] of hashed.entries()) {
        const problem = checkLink(entry, head, vaultId);
        // The first entry not fitting the head means another device appended first; a later one not
        // fitting the entry before it is a malformed batch.
        if (problem && index === 0 && HEAD_MOVED.has(problem.reason)) {
          throw new ApiError(409, 'audit-head-moved', `the chain is at seq ${start.seq}; re-sign entry ${entry.seq} on top of it`, { head: start });
        }
        if (problem) throw new ApiError(422, 'audit-rejected', problem.message, { reason: problem.reason, seq: entry.seq });
        head = { seq: entry.seq, hash, ts: entry.ts };
      }
      const rows = hashed.map(({ entry, hash }) => ({ vault_id: vaultId, seq: entry.seq, entry: tx.json(entry), hash, device_id: who.deviceId }));
      await tx`
        with appended as (insert into audit_entries ${tx(rows, 'vault_id', 'seq', 'entry', 'hash', 'device_id')})
        update vaults set audit_seq = ${head.seq}, audit_hash = ${head.hash}, audit_ts = ${head.ts} where id = ${vaultId}`;
      return head;
    });
    deps.metrics.auditAppended.inc(entries.length);
    await deps.notifier.publish({ vaultId, kind: 'audit', seq: head.seq });
    return c.json({ head });
  });

  return app;
}

/**
 * A write record sent on its own (not with its push) is a baseline: a vault being upgraded names the
 * items it already holds, and only before its upgrade. It must name the item as it is stored, so an
 * honest server never chains a record that is not true; an `item.write` comes only with its write.
 */
async function checkWritesAgainstItems(tx: Tx, vaultId: string, entries: AuditEntryV2[], upgraded: boolean): Promise<void> {
  const refuse = (entry: AuditEntryV2, reason: string, message: string) => new ApiError(422, 'audit-rejected', `entry ${entry.id} ${message}`, { reason, id: entry.id });
  for (const entry of entries) {
    if (entry.action === 'item.write') throw refuse(entry, 'write-mismatch', 'is an item write record; it comes with its push');
    if (entry.action === 'item.baseline' && upgraded) throw refuse(entry, 'write-mismatch', "is a baseline, but this vault's chain already names every write");
    const baseline = entry.action === 'item.baseline';
    if (baseline ? entry.write === null || entry.item === null : entry.write !== null) {
      throw refuse(entry, 'write-mismatch', 'names a write without being a baseline of an item, or the other way round');
    }
  }
  const writes = entries.filter((e) => e.write !== null);
  if (writes.length === 0) return;
  const rows = await tx<{ id: string; revision: string; blob: string | null; deleted: boolean }[]>`
    select id, revision, blob, deleted from items where vault_id = ${vaultId} and id in ${tx(writes.map((e) => e.item ?? ''))}`;
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const entry of writes) {
    const row = entry.item ? stored.get(entry.item) : undefined;
    const matches =
      row !== undefined &&
      entry.write!.prev === null &&
      Number(row.revision) === entry.write!.rev &&
      row.deleted === entry.write!.deleted &&
      (row.blob === null ? entry.write!.hash === null : entry.write!.hash === (await blobHash(row.blob)));
    if (!matches) throw refuse(entry, 'write-mismatch', `names a write of item ${entry.item} that is not the one stored`);
  }
}

/**
 * Baselined items are named from now on. A `vault.upgrade` record is taken only when every item the
 * vault holds is named (a client from before v2 may have written one while the upgrade ran): the
 * upgrading device then names the rest on its next sync.
 */
async function nameBaselinedItems(tx: Tx, vaultId: string, appended: readonly AuditRecord[]): Promise<void> {
  for (const { seq, entry } of appended) {
    if (entry.action === 'item.baseline') await tx`update items set record_seq = ${seq} where vault_id = ${vaultId} and id = ${entry.item!}`;
  }
  if (!appended.some((r) => r.entry.action === 'vault.upgrade')) return;
  const [unnamed] = await tx<{ n: number }[]>`select count(*)::int as n from items where vault_id = ${vaultId} and record_seq is null`;
  if (unnamed!.n > 0) {
    throw new ApiError(422, 'audit-rejected', `${unnamed!.n} items of this vault are named by no record yet; name them before the upgrade`, { reason: 'write-mismatch' });
  }
}
