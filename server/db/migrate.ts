/**
 * Numbered SQL migrations (`NNN_name.sql`), applied in order at start. The whole run holds a
 * PostgreSQL advisory lock, so several instances starting at once apply each migration exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import { transaction } from './transaction.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
// An arbitrary constant that names "KeyHaven schema migrations" among advisory locks.
const MIGRATION_LOCK = 0x6b68_0001;

export function migrationFiles(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8') }));
}

export async function migrate(sql: Sql): Promise<number[]> {
  const applied: number[] = [];
  await transaction(sql, async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ version: number }[]>`select version from schema_migrations`).map((r) => r.version));
    for (const m of migrationFiles()) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
      applied.push(m.version);
    }
  });
  return applied;
}
