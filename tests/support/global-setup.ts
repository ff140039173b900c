/**
 * Vitest global setup:
 * - the `keyhaven` command built once per run from the sources (one ES module, packages left to
 *   node_modules), which the CLI tests run instead of going through tsx's loader at every command: the
 *   same code, about 0.35 s less per command (tests/support/cli.ts; one test still runs cli/bin.js);
 * - one migrated PGlite data directory, made once per run, that each server test file copies
 *   (starting PGlite from scratch costs ~4 s; from a copied directory, ~0.3 s).
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '../../server/db/connect.js';

const ROOT = join(import.meta.dirname, '../..');

async function buildCli(): Promise<() => void> {
  // Inside node_modules, so that the bundle's own imports (commander, zod, …) resolve as the sources' do.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'keyhaven-cli-'));
  const outfile = join(dir, 'keyhaven.mjs');
  await build({ entryPoints: [join(ROOT, 'cli/main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
  process.env.KEYHAVEN_TEST_CLI = outfile;
  return () => rmSync(dir, { recursive: true, force: true });
}

export default async function setup() {
  const removeCli = await buildCli();
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
