/**
 * Item sync. Pull is a delta: the changes (items and tombstones) whose vault sequence number is above the
 * client's cursor, in order, a page at a time. Push is a batch of `{itemId, baseRevision, blob, record}`,
 * each applied atomically: a stale `baseRevision` is answered with `conflict` and the current item, so
 * the client can merge; nothing is overwritten blind.
 *
 * `record` is the device's signed `item.write` audit entry for the write (docs/crypto.md §22): it is
 * appended to the vault's chain in the same transaction as the write, so the chain names every state an
 * item had, and a client can refuse one the chain does not name. A vault requires them from its first
 * `vault.upgrade` record on.
 */
import { Hono } from 'hono';
import { auditEntryV2Schema, blobHash, type AuditEntryV2 } from '../../shared/audit/record.js';
import { changesQuerySchema, pushRequestSchema } from '../../shared/protocol/api.js';
import { checkEntryOwnership } from '../audit-chain.js';
import { deviceSigner } from '../device-signer.js';
import type { AppEnv, Deps } from '../context.js';
import { changeJson, changesAfter } from '../db/item-store.js';
import { transaction } from '../db/transaction.js';
import { ApiError } from '../errors.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { applyPush } from '../push.js';
import { readJson, readQuery, validate } from '../validate.js';

export function itemRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/:vaultId/changes', vaultAccess(deps, 'viewer'), async (c) => {
    const { after, limit } = readQuery(c, changesQuerySchema);
    const rows = await changesAfter(sql, c.req.param('vaultId'), after, limit);
    const page = rows.slice(0, limit).map(changeJson);
    return c.json({ changes: page, cursor: page.at(-1)?.seq ?? after, hasMore: rows.length > limit });
  });

  app.post('/:vaultId/items', vaultAccess(deps, 'editor'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const who = c.get('session');
    const { items, tokenSeq } = await readJson(c, pushRequestSchema);
    if (new Set(items.map((i) => i.itemId)).size !== items.length) {
      throw new ApiError(400, 'bad-request', 'body.items: an item appears twice in one push');
    }
    // Each write record must describe its write exactly; signatures are checked before any lock.
    const records = new Map<string, AuditEntryV2>();
    const signer = items.some((i) => i.record !== undefined) ? await deviceSigner(sql, who) : null;
    for (const [i, item] of items.entries()) {
      if (item.record === undefined || signer === null) continue;
      const record = validate(auditEntryV2Schema, item.record, `body.items.${i}.record`);
      const names =
        record.vault === vaultId &&
        record.action === 'item.write' &&
        record.item === item.itemId &&
        record.write !== null &&
        record.write.rev === item.baseRevision + 1 &&
        record.write.deleted === (item.blob === null) &&
        record.write.hash === (item.blob === null ? null : await blobHash(item.blob));
      if (!names) throw new ApiError(400, 'bad-request', `body.items.${i}.record: does not name this write (item, revision ${item.baseRevision + 1}, blob hash)`);
      await checkEntryOwnership(record, who, signer);
      records.set(item.itemId, record);
    }
    const { results, seq } = await transaction(sql, (tx) => applyPush(tx, { vaultId, who, items, tokenSeq, records, signer, quotas: deps.config.quotas }));
    const written = results.filter((r) => r.status === 'ok').length;
    if (written > 0) {
      deps.metrics.itemsWritten.inc(written);
      await deps.notifier.publish({ vaultId, kind: 'items', seq });
    }
    return c.json({ results, seq });
  });

  return app;
}
