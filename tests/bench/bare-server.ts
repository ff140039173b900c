/**
 * The bare baselines of the server benches, two of each:
 * - `/push`, `/pull`: one insert or one select, nothing around it: the floor a sync request cannot go below.
 * - `/same/:vaultId/items`, `/same/:vaultId/changes`: the statements KeyHaven's routes run, from the
 *   same functions (session and role, lock, stored items, the one write, the notice; or session and
 *   role, the changes), with nothing else: no middleware, validation, signature checks or answers to
 *   build. What KeyHaven adds above it is the server's own cost (issue #19's "same-SQL baseline").
 * Imported by the in-process benches;
 * run as its own process (`tsx tests/bench/bare-server.ts`) by the capacity bench, on DATABASE_URL or
 * on an embedded database in KEYHAVEN_DATA_DIR or a temporary folder of its own, printing "listening on <url>".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { lockChain } from '../../server/audit-chain.js';
import { tokenHash } from '../../server/auth/secrets.js';
import { connectPostgres, startEmbedded } from '../../server/db/connect.js';
import { changesAfter, storedItems, writePush } from '../../server/db/item-store.js';
import { transaction } from '../../server/db/transaction.js';
import { PROTOCOL_LIMITS } from '../../shared/protocol/limits.js';
import { checkSessionIn } from '../../server/middleware/auth.js';
import { memoryNotifier, postgresNotifier, type Notifier } from '../../server/notify.js';

export async function bareApp(sql: Sql, notifier: Notifier): Promise<Hono> {
  await sql`create table if not exists bare_items (vault_id uuid not null, id uuid not null, seq bigserial, blob text, primary key (vault_id, id))`;
  // The index a delta pull needs, as the real items table has: without it the baseline scans the table.
  await sql`create index if not exists bare_items_vault_seq on bare_items (vault_id, seq)`;
  const app = new Hono();
  app.post('/push', async (c) => {
    const b = await c.req.json<{ vaultId: string; itemId: string; blob: string }>();
    await sql`insert into bare_items (vault_id, id, blob) values (${b.vaultId}, ${b.itemId}, ${b.blob})`;
    return c.json({ ok: true });
  });
  app.get('/pull', async (c) => {
    const rows = await sql`select id, seq, blob from bare_items where vault_id = ${c.req.query('vault')!} and seq > ${Number(c.req.query('after'))} order by seq limit ${Number(c.req.query('limit') ?? 1000)}`;
    return c.json({ changes: rows });
  });
  sameSqlRoutes(app, sql, notifier);
  return app;
}

function sameSqlRoutes(app: Hono, sql: Sql, notifier: Notifier): void {
  const member = async (authorization: string | undefined, vaultId: string) => {
    const live = await checkSessionIn(sql, tokenHash((authorization ?? '').slice(7)), vaultId);
    return live.ok && live.role !== null;
  };
  app.post('/same/:vaultId/items', async (c) => {
    const vaultId = c.req.param('vaultId');
    if (!(await member(c.req.header('authorization'), vaultId))) return c.json({ error: 'unauthorized' }, 401);
    const { items } = await c.req.json<{ items: { itemId: string; baseRevision: number; blob: string }[] }>();
    const seq = await transaction(sql, async (tx) => {
      const chain = await lockChain(tx, vaultId);
      const stored = await storedItems(
        tx,
        vaultId,
        items.map((i) => i.itemId),
      );
      const revision = (id: string) => Number(stored.find((r) => r.id === id)?.revision ?? 0);
      const writes = items.map((i, n) => ({ itemId: i.itemId, revision: revision(i.itemId) + 1, seq: chain.itemSeq + n + 1, blob: i.blob, recordSeq: null }));
      const storage = { items: items.length, bytes: items.reduce((n, i) => n + i.blob.length, 0) };
      await writePush(tx, { vaultId, writes, itemSeq: chain.itemSeq + items.length, storage, chain, records: { records: [], rows: [], upgraded: false } });
      return chain.itemSeq + items.length;
    });
    await notifier.publish({ vaultId, kind: 'items', seq });
    return c.json({ seq });
  });
  app.get('/same/:vaultId/changes', async (c) => {
    const vaultId = c.req.param('vaultId');
    if (!(await member(c.req.header('authorization'), vaultId))) return c.json({ error: 'unauthorized' }, 401);
    const rows = await changesAfter(sql, vaultId, Number(c.req.query('after')), PROTOCOL_LIMITS.pageSize);
    return c.json({ changes: rows });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const database = process.env.DATABASE_URL ? await connectPostgres(process.env.DATABASE_URL) : await startEmbedded(process.env.KEYHAVEN_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'keyhaven-bare-')));
  const app = await bareApp(database.sql, database.embedded ? memoryNotifier() : await postgresNotifier(database.sql));
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
}
