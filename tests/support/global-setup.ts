/**
 * Vitest global setup: one migrated PGlite data directory, made once per run, that each server test
 * file copies (starting PGlite from scratch costs ~4 s; from a copied directory, ~0.3 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '../../server/db/connect.js';

export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-pglite-template-'));
  const db = await startEmbedded(dir);
  await db.close();
  process.env.KEYHAVEN_TEST_PGLITE_TEMPLATE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
