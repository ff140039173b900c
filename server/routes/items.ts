/**
 * Item sync. Pull is a delta: the changes (items and tombstones) whose vault sequence number is above the
 * client's cursor, in order, a page at a time. Push is a batch of `{itemId, baseRevision, blob}`, each
 * applied atomically: a stale `baseRevision` is answered with `conflict` and the current item, so the
 * client can merge; nothing is overwritten blind.
 */
import { Hono } from 'hono';
import { changesQuerySchema, pushRequestSchema, type ItemChange, type PushResult } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readQuery } from '../validate.js';
import { transaction } from '../db/transaction.js';

interface ItemRow {
  id: string;
  revision: string;
  seq: string;
  blob: string | null;
  deleted: boolean;
}

const changeJson = (r: ItemRow): ItemChange => ({ itemId: r.id, revision: Number(r.revision), seq: Number(r.seq), blob: r.blob, deleted: r.deleted });

export function itemRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/:vaultId/changes', vaultAccess(deps, 'viewer'), async (c) => {
    const { after, limit } = readQuery(c, changesQuerySchema);
    const rows = await sql<ItemRow[]>`
      select id, revision, seq, blob, deleted from items
      where vault_id = ${c.req.param('vaultId')} and seq > ${after}
      order by seq limit ${limit + 1}`;
    const page = rows.slice(0, limit).map(changeJson);
    return c.json({ changes: page, cursor: page.at(-1)?.seq ?? after, hasMore: rows.length > limit });
  });

  app.post('/:vaultId/items', vaultAccess(deps, 'editor'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const { items } = await readJson(c, pushRequestSchema);
    if (new Set(items.map((i) => i.itemId)).size !== items.length) {
      throw new ApiError(400, 'bad-request', 'body.items: an item appears twice in one push');
    }
    const { results, seq } = await transaction(sql, async (tx) => {
      // Lock the vault row first, then read the items in a statement of their own. The lock orders
      // writers: seq values are handed out and committed in order, so a pull cursor can never step over
      // a write that commits later. The read must come after the lock, not in the same statement: under
      // READ COMMITTED a statement that waited for the lock re-checks only the locked row, so items read
      // in it would be the ones from before the previous writer committed (two writers of one
      // baseRevision would then both be told "ok").
      const [vault] = await tx<{ item_seq: string }[]>`select item_seq from vaults where id = ${vaultId} for update`;
      const rows = await tx<ItemRow[]>`
        select id, revision, seq, blob, deleted from items
        where vault_id = ${vaultId} and id in ${tx(items.map((i) => i.itemId))}`;
      if (!vault) throw notFound('no such vault');
      let seq = Number(vault.item_seq);
      const current = new Map(rows.map((r) => [r.id, r]));
      const results: PushResult[] = [];
      const writes: { vault_id: string; id: string; revision: number; seq: number; blob: string | null; deleted: boolean }[] = [];
      for (const item of items) {
        const existing = current.get(item.itemId);
        const revision = existing ? Number(existing.revision) : 0;
        if (revision !== item.baseRevision || (!existing && item.blob === null)) {
          results.push({ itemId: item.itemId, status: 'conflict', current: { revision, blob: existing?.blob ?? null, deleted: existing?.deleted ?? false } });
          continue;
        }
        seq += 1;
        writes.push({ vault_id: vaultId, id: item.itemId, revision: revision + 1, seq, blob: item.blob, deleted: item.blob === null });
        results.push({ itemId: item.itemId, status: 'ok', revision: revision + 1, seq });
      }
      if (writes.length > 0) {
        // Every accepted item and the vault's new seq in one statement.
        await tx`
          with written as (
            insert into items ${tx(writes, 'vault_id', 'id', 'revision', 'seq', 'blob', 'deleted')}
            on conflict (vault_id, id) do update set revision = excluded.revision, seq = excluded.seq, blob = excluded.blob,
              deleted = excluded.deleted, updated_at = now()
          )
          update vaults set item_seq = ${seq} where id = ${vaultId}`;
      }
      return { results, seq };
    });
    const written = results.filter((r) => r.status === 'ok').length;
    if (written > 0) {
      deps.metrics.itemsWritten.inc(written);
      await deps.notifier.publish({ vaultId, kind: 'items', seq });
    }
    return c.json({ results, seq });
  });

  return app;
}
