/**
 * Memory rows of `npm run bench`: the sync server's resident memory when idle, in its own process as
 * `npm start` runs it, on a first start (an empty data folder: the embedded database is created) and a
 * restart on the same folder; beside the bare server (Hono, postgres.js and the same database, no
 * KeyHaven) started the same way in the same run. With DATABASE_URL, the PostgreSQL-backed pair too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../support/process.js';
import { rssMiB } from '../support/load-stats.js';
import { testDatabase } from '../support/server.js';
import { ratio, type Section } from './harness.js';

const SETTLE_MS = 3_000;

/** Idle RSS of a server process a few seconds after it listens, then stopped. */
async function idleRss(env: Record<string, string>, script?: string): Promise<number> {
  const server = await spawnServer({ ...env, LOG_LEVEL: 'warn' }, script);
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return rssMiB(server.child.pid!);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

export async function benchMemory(): Promise<Section> {
  const rows: { name: string; keyhaven: number; bare: number }[] = [];
  const dirs = { keyhaven: mkdtempSync(join(tmpdir(), 'keyhaven-mem-')), bare: mkdtempSync(join(tmpdir(), 'keyhaven-mem-bare-')) };
  // Without DATABASE_URL in the children's environment: this measures the embedded database.
  const embedded = (dir: string) => ({ DATABASE_URL: '', KEYHAVEN_DATA_DIR: join(dir, 'data') });
  try {
    for (const name of ['first start (embedded database created)', 'restart on the same folder']) {
      const keyhaven = await idleRss(embedded(dirs.keyhaven));
      const bare = await idleRss(embedded(dirs.bare), 'tests/bench/bare-server.ts');
      rows.push({ name: `embedded, ${name}`, keyhaven, bare });
    }
    if (process.env.DATABASE_URL) {
      const db = await testDatabase();
      try {
        rows.push({ name: 'PostgreSQL (DATABASE_URL)', keyhaven: await idleRss({ DATABASE_URL: db.url! }), bare: await idleRss({ DATABASE_URL: db.url! }, 'tests/bench/bare-server.ts') });
      } finally {
        await db.drop();
      }
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  return {
    title: `Sync server idle memory (own process, RSS ${SETTLE_MS / 1000} s after it listens)`,
    columns: ['database', 'KeyHaven MiB', 'bare server MiB', 'ratio'],
    rows: rows.map((r) => [r.name, r.keyhaven, r.bare, ratio(r.keyhaven, r.bare)]),
    notes: ['bare server: tests/bench/bare-server.ts, Hono + postgres.js + the same database, started the same way; no KeyHaven routes, middleware or migrations'],
    data: rows.map((r) => ({ name: r.name, keyhavenMiB: r.keyhaven, bareMiB: r.bare, ratio: r.keyhaven / r.bare })),
  };
}
