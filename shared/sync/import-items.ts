/**
 * Writes imported items into a vault through the engine (so they sync and are audited like any other
 * write), skipping an item already there with the same name and value: importing a file twice, or a
 * backup into the vault it came from, adds nothing.
 */
import { newId } from '../crypto/random.js';
import type { SkippedEntry } from '../import/plaintext.js';
import type { ItemPayload } from '../vault/item.js';
import type { ImportSource } from '../import/detect-format.js';
import type { SyncEngine } from './engine.js';
import { isTrashed } from '../vault/trash.js';

const ALREADY_THERE = 'already in this vault with the same value';

export async function importIntoVault(
  engine: SyncEngine,
  vaultId: string,
  input: {
    items: ItemPayload[];
    /** Where each item was in the file ("line 3"), as a plaintext import knows; a backup's keys are named instead. */
    origins?: string[];
    skipped: SkippedEntry[];
    format: ImportSource;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ added: number; skipped: SkippedEntry[] }> {
  const identity = (p: ItemPayload) => `${p.name}\u0000${p.value}`;
  // A key in the Trash is not "already in the vault": importing it again makes a live copy.
  const existing = new Set((await engine.list(vaultId)).flatMap((r) => (r.ok && !isTrashed(r.payload) ? [identity(r.payload)] : [])));
  const skipped = [...input.skipped];
  let added = 0;
  for (const [index, payload] of input.items.entries()) {
    if (existing.has(identity(payload))) {
      const origin = input.origins?.[index];
      skipped.push(origin ? { where: origin, name: payload.name, reason: ALREADY_THERE } : { where: `key ${payload.name}`, reason: ALREADY_THERE });
    } else {
      // What is imported is wanted: a `trashedAt` carried in from the file would hide it on arrival.
      const { trashedAt: _binned, ...live } = payload;
      await engine.write(vaultId, newId(), live);
      existing.add(identity(payload));
      added++;
    }
    input.onProgress?.(index + 1, input.items.length);
  }
  await engine.recordAudit(vaultId, 'backup.import', null, { format: input.format, added, skipped: skipped.length });
  return { added, skipped };
}
