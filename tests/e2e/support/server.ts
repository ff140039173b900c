/**
 * A real sync server for browser tests, on the embedded database in a temporary folder (or DATABASE_URL).
 * The test holds the database connection, so a spec can play the hostile operator and edit rows, and a
 * stopped server comes back on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { configFromEnv } from '../../../server/config.js';
import { connectPostgres, startEmbedded } from '../../../server/db/connect.js';
import { startServer, type RunningServer } from '../../../server/server.js';

export interface E2eServer {
  url: string;
  port: number;
  /** The server's database, for a spec that tampers with it as an operator could. */
  sql: Sql;
  stop(): Promise<void>;
  /** Starts again on the same port and data, as after a restart. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhaven-e2e-'));
  const database = process.env.DATABASE_URL ? await connectPostgres(process.env.DATABASE_URL) : await startEmbedded(dataDir);
  // The server's own defaults, with what these tests need on top.
  const config = (port: number) => ({
    ...configFromEnv({}),
    port,
    databaseUrl: process.env.DATABASE_URL,
    dataDir,
    logLevel: 'silent' as const,
    loginRatePerMinute: 10_000,
  });
  let running: RunningServer | null = await startServer(config(0), { database });
  const port = running.port;
  return {
    url: running.url,
    port,
    sql: database.sql,
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      running = await startServer(config(port), { database });
    },
    async dispose() {
      await running?.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
