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

export async function importIntoVault(
  engine: SyncEngine,
  vaultId: string,
  input: { items: ItemPayload[]; skipped: SkippedEntry[]; format: ImportSource; onProgress?: (done: number, total: number) => void },
): Promise<{ added: number; skipped: SkippedEntry[] }> {
  const identity = (p: ItemPayload) => `${p.name}\u0000${p.value}`;
  // A key in the Trash is not "already in the vault": importing it again makes a live copy.
  const existing = new Set((await engine.list(vaultId)).flatMap((r) => (r.ok && !isTrashed(r.payload) ? [identity(r.payload)] : [])));
  const skipped = [...input.skipped];
  let added = 0;
  for (const [index, payload] of input.items.entries()) {
    if (existing.has(identity(payload))) {
      skipped.push({ where: 'vault', name: payload.name, reason: 'already in the vault with the same value' });
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
