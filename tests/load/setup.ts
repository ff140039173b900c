/**
 * What the long load and crash runs share: command-line options, a fresh database (a new database on
 * the PostgreSQL named by DATABASE_URL, or an embedded one in a temporary folder), and the verdict.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EndCheck } from '../support/load-checks.js';
import type { LoadStats } from '../support/load-stats.js';
import { testDatabase } from '../support/server.js';

export interface RunOptions {
  devices: number;
  accounts: number;
  seconds: number;
  instances: number;
}

/** Numeric options over their defaults, and which of `switches` (boolean flags) were given. */
export function runOptions(defaults: RunOptions, switches: string[] = []): RunOptions & { switches: Set<string> } {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }])),
      ...Object.fromEntries(switches.map((k) => [k, { type: 'boolean' as const }])),
    },
    strict: true,
  });
  const chosen = { ...defaults, switches: new Set(switches.filter((k) => values[k] === true)) };
  for (const [k, v] of Object.entries(values)) {
    if (switches.includes(k)) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a whole number above 0, not "${String(v)}"`);
    chosen[k as keyof RunOptions] = n;
  }
  if (chosen.devices % chosen.accounts !== 0) throw new Error(`--devices (${chosen.devices}) must be a multiple of --accounts (${chosen.accounts})`);
  return chosen;
}

/** A fresh database for one run, and the environment that points a server process at it. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; postgres: boolean; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    // The same fresh database per run as the test suites make per file.
    const db = await testDatabase();
    return { env: { DATABASE_URL: db.url! }, postgres: true, drop: () => db.drop() };
  }
  // Embedded: an empty folder; the server creates and migrates the database in it.
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-load-'));
  return { env: { KEYHAVEN_DATA_DIR: dir }, postgres: false, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Prints the end checks and whether the run passed; the exit code says the same. */
export function verdict(stats: LoadStats, check: EndCheck, extra: string[] = []): boolean {
  const problems = [
    ...(stats.byStatus[500] ? [`${stats.byStatus[500]} answers were 500`] : []),
    ...check.missing.map((m) => `acknowledged write missing: ${m}`),
    ...check.diverged.map((d) => `diverged: ${d}`),
    ...check.brokenChains.map((b) => `audit chain broken: ${b}`),
    ...extra,
  ];
  console.log(`\nend checks: ${stats.acknowledged.size} acknowledged writes present: ${check.missing.length === 0 ? 'yes' : 'NO'}; devices converged: ${check.diverged.length === 0 ? 'yes' : 'NO'}; audit chains verify: ${check.brokenChains.length === 0 ? 'yes' : 'NO'}`);
  for (const p of problems.slice(0, 50)) console.log(`  FAIL ${p}`);
  console.log(problems.length === 0 ? 'PASS' : `FAIL (${problems.length} problems)`);
  return problems.length === 0;
}
