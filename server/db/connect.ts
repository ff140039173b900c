/**
 * One data layer, two ways to start: a real PostgreSQL named by DATABASE_URL, or an embedded one
 * (PGlite, data in a local folder) served by pglite-socket on a Unix socket in a private folder. Both
 * are reached through the same postgres.js client, so there is one SQL dialect and one code path.
 *
 * The embedded database has no password, so it must not be reachable by anyone but this process's
 * user: not a loopback TCP port (any local user can connect to one), but a socket inside a folder
 * made with mode 0700 by mkdtemp, which other users cannot enter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres, { type Sql } from 'postgres';
import { prepareDataDir } from './embedded-init.js';
import { migrate } from './migrate.js';

export interface Database {
  sql: Sql;
  /** True for PGlite: LISTEN/NOTIFY does not cross its socket, so notices travel in process. */
  embedded: boolean;
  /** Where the embedded database listens (a Unix socket path); null for PostgreSQL. */
  socketPath: string | null;
  close(): Promise<void>;
}

/**
 * Driver options for every pool. `backoff`: postgres.js waits before each new connection attempt after
 * a failed one, and its default wait grows to 10–20 s; a request queued behind that attempt waits with
 * it, so while the database is away most requests hung for many seconds before their 503. Capped at
 * about a second, each queued request gets its 503 promptly, and a returning database is found within
 * a second.
 */
export const driver = { onnotice: () => {}, backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1) };

export async function connectPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const sql = postgres(url, { ...driver, max: options.max ?? 10, idle_timeout: 30 });
  await migrate(sql);
  return { sql, embedded: false, socketPath: null, close: () => sql.end({ timeout: 5 }) };
}

export async function startEmbedded(dataDir: string): Promise<Database> {
  await prepareDataDir(dataDir);
  const db = await PGlite.create(dataDir).catch((error: unknown) => {
    throw new Error(`cannot open the embedded database in ${dataDir} (${(error as Error)?.message ?? String(error)}); a folder left by a first start of an older version that was interrupted holds no data yet and can be deleted`);
  });
  const socketDir = mkdtempSync(join(tmpdir(), 'keyhaven-db-'));
  const socketPath = join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  await server.start();
  // pglite-socket multiplexes every connection onto PGlite's single session: with more than one
  // connection, one connection's statements could land inside another's transaction.
  const sql = postgres({ ...driver, path: socketPath, user: 'postgres', database: 'postgres', max: 1 });
  const close = async () => {
    await sql.end({ timeout: 5 });
    await server.stop();
    await db.close();
    rmSync(socketDir, { recursive: true, force: true });
  };
  try {
    await migrate(sql);
  } catch (error) {
    await close();
    throw error;
  }
  return { sql, embedded: true, socketPath, close };
}
