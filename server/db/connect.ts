/**
 * One data layer, two ways to start: a real PostgreSQL named by DATABASE_URL, or an embedded one
 * (PGlite, data in a local folder) served on a private loopback port by pglite-socket. Both are
 * reached through the same postgres.js client, so there is one SQL dialect and one code path.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres, { type Sql } from 'postgres';
import { migrate } from './migrate.js';

export interface Database {
  sql: Sql;
  /** True for PGlite: LISTEN/NOTIFY does not cross its socket, so notices travel in process. */
  embedded: boolean;
  close(): Promise<void>;
}

const quiet = { onnotice: () => {} };

export async function connectPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const sql = postgres(url, { ...quiet, max: options.max ?? 10, idle_timeout: 30 });
  await migrate(sql);
  return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
}

export async function startEmbedded(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  // pglite-socket multiplexes every connection onto PGlite's single session: with more than one
  // connection, one connection's statements could land inside another's transaction.
  const sql = postgres({ ...quiet, host, port: Number(port), user: 'postgres', database: 'postgres', max: 1 });
  try {
    await migrate(sql);
  } catch (error) {
    await sql.end({ timeout: 1 });
    await server.stop();
    await db.close();
    throw error;
  }
  return {
    sql,
    embedded: true,
    async close() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await db.close();
    },
  };
}
