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
import { changesQuerySchema, pushRequestSchema, type ItemChange, type PushResult } from '../../shared/protocol/api.js';
import { appendRecords, checkEntryOwnership, lockChain } from '../audit-chain.js';
import { deviceSigner, holdDeviceKey } from '../device-signer.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';
import { bookStorage, storageDelta } from '../quotas.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readQuery, validate } from '../validate.js';
import { transaction, type Tx } from '../db/transaction.js';
import { tokensChanged } from './tokens.js';

interface ItemRow {
  id: string;
  revision: string;
  seq: string;
  blob: string | null;
  deleted: boolean;
  record_seq: string | null;
}

const changeJson = (r: ItemRow): ItemChange => ({
  itemId: r.id,
  revision: Number(r.revision),
  seq: Number(r.seq),
  blob: r.blob,
  deleted: r.deleted,
  recordSeq: r.record_seq === null ? null : Number(r.record_seq),
});

export function itemRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/:vaultId/changes', vaultAccess(deps, 'viewer'), async (c) => {
    const { after, limit } = readQuery(c, changesQuerySchema);
    const rows = await sql<ItemRow[]>`
      select id, revision, seq, blob, deleted, record_seq from items
      where vault_id = ${c.req.param('vaultId')} and seq > ${after}
      order by seq limit ${limit + 1}`;
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
    const signer = await deviceSigner(sql, who);
    for (const [i, item] of items.entries()) {
      if (item.record === undefined) continue;
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

    const { results, seq } = await transaction(sql, async (tx) => {
      // Lock the vault row first, then read the items in a statement of their own. The lock orders
      // writers: seq values are handed out and committed in order, so a pull cursor can never step over
      // a write that commits later. The read must come after the lock, not in the same statement: under
      // READ COMMITTED a statement that waited for the lock re-checks only the locked row, so items read
      // in it would be the ones from before the previous writer committed (two writers of one
      // baseRevision would then both be told "ok").
      const chain = await lockChain(tx, vaultId);
      // Grants depend on which narrowed tokens exist: a push made for an older list would leave one out.
      if (chain.tokenSeq !== (tokenSeq ?? 0)) throw tokensChanged();
      const fresh = records.size > 0 ? await holdDeviceKey(tx, who, signer) : null;
      if (fresh) for (const record of records.values()) await checkEntryOwnership(record, who, fresh);
      if (chain.itemRecords && items.some((i) => !records.has(i.itemId))) {
        throw new ApiError(400, 'bad-request', 'this vault names every write in its audit chain: each item needs its record (update KeyHaven)');
      }
      const rows = await tx<ItemRow[]>`
        select id, revision, seq, blob, deleted, record_seq from items
        where vault_id = ${vaultId} and id in ${tx(items.map((i) => i.itemId))}`;
      const current = new Map(rows.map((r) => [r.id, r]));
      let seq = chain.itemSeq;
      const accepted: { itemId: string; revision: number; seq: number; blob: string | null }[] = [];
      const results: PushResult[] = [];
      const delta = { items: 0, bytes: 0 };
      for (const item of items) {
        const existing = current.get(item.itemId);
        const revision = existing ? Number(existing.revision) : 0;
        const conflict = () => {
          const recordSeq = existing?.record_seq ? Number(existing.record_seq) : null;
          results.push({ itemId: item.itemId, status: 'conflict', current: { revision, blob: existing?.blob ?? null, deleted: existing?.deleted ?? false, recordSeq } });
        };
        if (revision !== item.baseRevision || (!existing && item.blob === null)) {
          conflict();
          continue;
        }
        // The record names the state it replaces (item-history.ts): the one stored, or it is not chained.
        // The device wrote on top of another state than the one stored at that revision (a row changed
        // under the server, or a client's bug): a conflict, so it sees what is stored and judges it
        // against its proofs, rather than an error that stops its whole sync.
        const record = records.get(item.itemId);
        const replaced = existing && !existing.deleted && existing.blob !== null ? await blobHash(existing.blob) : null;
        if (record && record.write!.prev !== replaced) {
          conflict();
          continue;
        }
        const d = storageDelta(existing, item.blob);
        delta.items += d.items;
        delta.bytes += d.bytes;
        seq += 1;
        accepted.push({ itemId: item.itemId, revision: revision + 1, seq, blob: item.blob });
      }
      await bookStorage(tx, vaultId, delta, deps.config.quotas);
      // The records of the accepted writes join the chain in this same transaction.
      const appended = await appendRecords(tx, vaultId, chain, accepted.flatMap((a) => (records.has(a.itemId) ? [records.get(a.itemId)!] : [])));
      const recordSeqOf = new Map(appended.map((r) => [r.entry.item!, r.seq]));
      const writes = accepted.map((a) => ({
        vault_id: vaultId,
        id: a.itemId,
        revision: a.revision,
        seq: a.seq,
        blob: a.blob,
        deleted: a.blob === null,
        record_seq: recordSeqOf.get(a.itemId) ?? null,
      }));
      for (const a of accepted) results.push({ itemId: a.itemId, status: 'ok', revision: a.revision, seq: a.seq, recordSeq: recordSeqOf.get(a.itemId) ?? null });
      await replaceGrants(tx, vaultId, items, accepted);
      if (writes.length > 0) {
        // Every accepted item and the vault's new seq in one statement.
        await tx`
          with written as (
            insert into items ${tx(writes, 'vault_id', 'id', 'revision', 'seq', 'blob', 'deleted', 'record_seq')}
            on conflict (vault_id, id) do update set revision = excluded.revision, seq = excluded.seq, blob = excluded.blob,
              deleted = excluded.deleted, record_seq = excluded.record_seq, updated_at = now()
          )
          update vaults set item_seq = ${seq} where id = ${vaultId}`;
      }
      // Results in the order of the request.
      const order = new Map(items.map((i, n) => [i.itemId, n]));
      results.sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)!);
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

/**
 * The grants of each accepted write replace the item's earlier ones (docs/crypto.md §25): a narrowed
 * token reads exactly the revisions wrapped for it, and an item that left its scope leaves its grants.
 */
async function replaceGrants(tx: Tx, vaultId: string, items: { itemId: string; blob: string | null; grants?: { tokenId: string; blob: string }[] }[], accepted: { itemId: string; revision: number }[]): Promise<void> {
  const withGrants = items.filter((i) => i.grants && i.grants.length > 0);
  for (const item of withGrants) {
    if (item.blob === null) throw new ApiError(400, 'bad-request', `item ${item.itemId}: a delete carries no grants`);
    if (new Set(item.grants!.map((g) => g.tokenId)).size !== item.grants!.length) throw new ApiError(400, 'bad-request', `item ${item.itemId}: a token is granted twice`);
  }
  if (withGrants.length > 0) {
    const live = await tx<{ id: string }[]>`select id from access_tokens where vault_id = ${vaultId} and mode = 'items' and revoked_at is null`;
    const known = new Set(live.map((t) => t.id));
    const stranger = withGrants.flatMap((i) => i.grants!).find((g) => !known.has(g.tokenId));
    if (stranger) throw new ApiError(400, 'bad-request', `token ${stranger.tokenId} is not a live narrowed access token of this vault`);
  }
  if (accepted.length === 0) return;
  await tx`delete from access_token_grants where vault_id = ${vaultId} and item_id in ${tx(accepted.map((a) => a.itemId))}`;
  const byItem = new Map(items.map((i) => [i.itemId, i]));
  const rows = accepted.flatMap((a) => (byItem.get(a.itemId)!.grants ?? []).map((g) => ({ token_id: g.tokenId, vault_id: vaultId, item_id: a.itemId, revision: a.revision, blob: g.blob })));
  if (rows.length > 0) await tx`insert into access_token_grants ${tx(rows)}`;
}
