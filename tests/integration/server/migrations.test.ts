import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { migrate, migrationFiles } from '../../../server/db/migrate.js';
import { testDatabase, usingPostgres, type TestDatabase } from '../../support/server.js';
import type { Database } from '../../../server/db/connect.js';

let db: TestDatabase;
let opened: Database;
beforeAll(async () => {
  db = await testDatabase();
  opened = await db.open();
});
afterAll(async () => {
  await opened.close();
  await db.drop();
});

describe('migrations', () => {
  it('are numbered files applied in order and recorded once each', async () => {
    const files = migrationFiles();
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
    const rows = await opened.sql<{ version: number }[]>`select version from schema_migrations order by version`;
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
  });

  it('apply exactly once when several instances start at the same moment', async () => {
    // Roll back to an empty schema, then let several starters race to build it again.
    await opened.sql.unsafe('drop schema public cascade; create schema public');
    const pools = usingPostgres ? Array.from({ length: 4 }, () => postgres(db.url!, { max: 1, onnotice: () => {} })) : [opened.sql, opened.sql, opened.sql];
    try {
      const applied = await Promise.all(pools.map((sql) => migrate(sql)));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(migrationFiles().map((f) => f.version));
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
      const [row] = await opened.sql<{ n: number }[]>`select count(*)::int as n from schema_migrations`;
      expect(row!.n).toBe(migrationFiles().length);
    } finally {
      if (usingPostgres) await Promise.all(pools.map((p) => p.end()));
    }
  });
});
