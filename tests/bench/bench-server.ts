/**
 * What the server benches share: a KeyHaven server on a fresh test database (embedded by default,
 * DATABASE_URL for PostgreSQL) with a bare Hono app beside it on the same database, and a teardown.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { Database } from '../../server/db/connect.js';
import { memoryNotifier, postgresNotifier, type Notifier } from '../../server/notify.js';
import { startServer, type RunningServer } from '../../server/server.js';
import setupTemplate from '../support/global-setup.js';
import { testConfig, testDatabase } from '../support/server.js';

export interface BenchServers {
  server: RunningServer;
  database: Database;
  bareUrl: string;
  close(): Promise<void>;
}

/** `bare(sql, notifier)` builds the baseline app: the same SQL as the routes it stands beside, nothing else. */
export async function benchServers(bare: (sql: Sql, notifier: Notifier) => Promise<Hono>): Promise<BenchServers> {
  const teardownTemplate = await setupTemplate();
  const testDb = await testDatabase();
  const database = await testDb.open();
  const server = await startServer(testConfig({ logLevel: 'silent', loginRatePerMinute: 100_000 }), { database });
  // The baseline's own notifier, made as the server makes its own: a notice is part of a push's cost.
  const notifier = database.embedded ? memoryNotifier() : await postgresNotifier(database.sql);
  const app = await bare(database.sql, notifier);
  const listening = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    server,
    database,
    bareUrl: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((r) => listening.close(() => r()));
      await notifier.close();
      await server.close();
      await database.close();
      await testDb.drop();
      if (typeof teardownTemplate === 'function') teardownTemplate();
    },
  };
}

/** A KeyHaven server alone on a fresh test database, for the benches that drive real engines. */
export async function withBenchServer<T>(body: (url: string, database: Database) => Promise<T>): Promise<T> {
  const teardownTemplate = await setupTemplate();
  const testDb = await testDatabase();
  const database = await testDb.open();
  const server = await startServer(testConfig({ logLevel: 'silent', loginRatePerMinute: 100_000 }), { database });
  try {
    return await body(server.url, database);
  } finally {
    await server.close();
    await database.close();
    await testDb.drop();
    if (typeof teardownTemplate === 'function') teardownTemplate();
  }
}
