/**
 * The bare baseline of the server benches: the same insert and select as a push and a pull, with
 * nothing around them (no auth, validation, revisions, audit). Imported by the in-process benches;
 * run as its own process (`tsx tests/bench/bare-server.ts`) by the capacity bench, on DATABASE_URL or
 * on an embedded database in KEYHAVEN_DATA_DIR or a temporary folder of its own, printing "listening on <url>".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { connectPostgres, startEmbedded } from '../../server/db/connect.js';

export async function bareApp(sql: Sql): Promise<Hono> {
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
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const database = process.env.DATABASE_URL ? await connectPostgres(process.env.DATABASE_URL) : await startEmbedded(process.env.KEYHAVEN_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'keyhaven-bare-')));
  const app = await bareApp(database.sql);
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
}
