/**
 * The audit log of a vault. The server checks each entry as any client would (shared/audit): signed by
 * the uploading device with its registered key, `seq = head + 1`, `prev = hash(head)`, time not going
 * back. It refuses with `audit-head-moved` (and the current head) when another device appended first,
 * so the client can re-sign on top; anything else is `audit-rejected` with the reason.
 */
import { Hono } from 'hono';
import { auditEntrySchema, entryHash, type AuditEntry, type ChainHead } from '../../shared/audit/entry.js';
import { checkLink, checkSigner, type DeviceRecord } from '../../shared/audit/verify.js';
import { importDeviceVerifyKey } from '../../shared/crypto/asymmetric.js';
import { fromBase64url } from '../../shared/encoding.js';
import { auditAppendRequestSchema, changesQuerySchema } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { transaction } from '../db/transaction.js';
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
    const rows = await sql<{ entry: AuditEntry }[]>`
      select entry from audit_entries where vault_id = ${vaultId} and seq > ${after} order by seq limit ${limit + 1}`;
    const [head] = await sql<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId}`;
    return c.json({
      entries: rows.slice(0, limit).map((r) => r.entry),
      head: { seq: Number(head!.audit_seq), hash: head!.audit_hash, ts: Number(head!.audit_ts) },
      hasMore: rows.length > limit,
    });
  });

  // Any member may append: a viewer who reveals or copies a key must be able to record it.
  app.post('/:vaultId/audit', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const { accountId, deviceId } = c.get('session');
    const body = await readJson(c, auditAppendRequestSchema);
    const entries = body.entries.map((e, i) => validate(auditEntrySchema, e, `body.entries.${i}`));
    for (const entry of entries) {
      if (entry.device !== deviceId || entry.actor !== accountId) {
        throw new ApiError(403, 'forbidden', `entry ${entry.seq} must be signed by this device (${deviceId}) for this account`);
      }
    }
    const [device] = await sql<{ signing_public_key: string }[]>`select signing_public_key from devices where id = ${deviceId}`;
    const devices = new Map<string, DeviceRecord>([[deviceId, { verifyKey: await importDeviceVerifyKey(fromBase64url(device!.signing_public_key)), revokedAt: null }]]);
    // Signatures are checked before the vault row is locked: they are the slow part, and they do not
    // depend on the head. Under the lock only the links are checked, so appenders queue for as short a
    // time as possible.
    const hashed: { entry: AuditEntry; hash: string }[] = [];
    for (const entry of entries) {
      const problem = await checkSigner(entry, devices);
      if (problem) throw new ApiError(422, 'audit-rejected', problem.message, { reason: problem.reason, seq: entry.seq });
      hashed.push({ entry, hash: await entryHash(entry) });
    }

    const head = await transaction(sql, async (tx) => {
      const [vault] = await tx<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`
        select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId} for update`;
      if (!vault) throw notFound('no such vault');
      const start: ChainHead = { seq: Number(vault.audit_seq), hash: vault.audit_hash, ts: Number(vault.audit_ts) };
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
      const rows = hashed.map(({ entry, hash }) => ({ vault_id: vaultId, seq: entry.seq, entry: tx.json(entry), hash, device_id: deviceId }));
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

