/**
 * Real servers for tests: each test file gets its own database (a copy of the migrated PGlite template,
 * or a fresh database on the PostgreSQL named by DATABASE_URL) and real server instances on loopback.
 */
import { afterAll, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { randomUUID } from 'node:crypto';
import { connectPostgres, startEmbedded, type Database } from '../../server/db/connect.js';
import type { ServerConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { memoryNotifier, postgresNotifier, type Notifier } from '../../server/notify.js';
import { startServer, type RunningServer } from '../../server/server.js';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

export interface TestDatabase {
  /** Where a separate process can reach this database: a URL (PostgreSQL) or a data dir (embedded). */
  url?: string;
  dataDir?: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, empty, migrated database for one test file. */
export async function testDatabase(): Promise<TestDatabase> {
  if (process.env.DATABASE_URL) {
    const name = `keyhaven_test_${randomUUID().replace(/-/g, '')}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      open: () => connectPostgres(url.toString()),
      async drop() {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const template = process.env.KEYHAVEN_TEST_PGLITE_TEMPLATE;
  if (!template) throw new Error('the PGlite template is missing: run the tests through vitest (tests/support/global-setup.ts)');
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhaven-test-db-'));
  cpSync(template, dataDir, { recursive: true });
  return { dataDir, open: () => startEmbedded(dataDir), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: '',
    corsOrigins: ['https://app.example'],
    logLevel: 'debug',
    sessionDays: 30,
    loginRatePerMinute: 10_000,
    lookupRatePerMinute: 10_000,
    tokenRatePerMinute: 10_000,
    tokenRateWindowMs: 60_000,
    trustedProxies: [],
    admission: { maxInFlight: 64, maxQueued: 1024, maxWaitMs: 10_000 },
    quotas: { vaults: 1000, itemsPerVault: 100_000, bytes: 1024 * 1024 * 1024, invitations: 100 },
    ...overrides,
  };
}

export interface TestCluster {
  servers: RunningServer[];
  /** Every line any instance logged, for the "no secrets in logs" checks. */
  logs: string[];
  database: Database;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/**
 * `count` server instances over one database, as in production: with PostgreSQL each instance has its
 * own connection pool and LISTEN connection; embedded, they share the one PGlite and an in-process notifier.
 */
export async function startCluster(count = 1, overrides: Partial<ServerConfig> & { heartbeatMs?: number } = {}): Promise<TestCluster> {
  const testDb = await testDatabase();
  const logs: string[] = [];
  const log = createLogger('debug', (line) => logs.push(line));
  const { heartbeatMs, ...configOverrides } = overrides;
  const shared = await testDb.open();
  const databases: Database[] = [shared];
  const notifiers: Notifier[] = [];
  const servers: RunningServer[] = [];
  const sharedNotifier = shared.embedded ? memoryNotifier() : undefined;
  for (let i = 0; i < count; i++) {
    const database = i === 0 || shared.embedded ? shared : await testDb.open();
    if (database !== shared) databases.push(database);
    const notifier = sharedNotifier ?? (await postgresNotifier(database.sql));
    notifiers.push(notifier);
    servers.push(await startServer(testConfig(configOverrides), { database, notifier, log, heartbeatMs }));
  }
  return {
    servers,
    logs,
    database: shared,
    testDb,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all([...new Set(notifiers)].map((n) => n.close()));
      for (const db of databases) await db.close();
      await testDb.drop();
    },
  };
}

/**
 * A cluster for the whole test file: started before its first test, closed after its last. The
 * returned object's fields are readable from then on (hooks run in the order they are registered).
 */
export function useCluster(count = 1, overrides: Parameters<typeof startCluster>[1] = {}): { readonly cluster: TestCluster; readonly base: string } {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(count, overrides);
  });
  afterAll(() => cluster?.close());
  return {
    get cluster() {
      return cluster!;
    },
    get base() {
      return cluster!.servers[0]!.url;
    },
  };
}
