/**
 * Vitest global setup:
 * - the `keyhaven` package built once per run from the sources, as `npm run build:cli` builds it for
 *   users (scripts/build-cli.ts): the CLI tests run what ships instead of the sources through tsx's
 *   loader (tests/support/cli.ts; one test still runs cli/bin.js), and each command starts in a
 *   fraction of the time;
 * - one migrated PGlite data directory, made once per run, that each server test file copies
 *   (starting PGlite from scratch costs ~4 s; from a copied directory, ~0.3 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '../../server/db/connect.js';
import { buildCli } from '../../scripts/build-cli.js';

async function buildCliPackage(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-cli-'));
  process.env.KEYHAVEN_TEST_CLI = await buildCli(dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

export default async function setup() {
  const removeCli = await buildCliPackage();
  if (process.env.DATABASE_URL) return removeCli;
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-pglite-template-'));
  const db = await startEmbedded(dir);
  await db.close();
  process.env.KEYHAVEN_TEST_PGLITE_TEMPLATE = dir;
  return () => {
    removeCli();
    rmSync(dir, { recursive: true, force: true });
  };
}
