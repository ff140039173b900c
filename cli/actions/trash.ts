/**
 * The Trash from the command line (options and help: cli/commands/trash.ts): `rm` moves a key there,
 * `trash ls` lists it, `trash restore` brings a key back as the same item, `trash purge` deletes for
 * good (asking first, or `--yes`). Keys past their 30 days are deleted for good by `sync` and by the
 * `trash` commands, on a device that may write the vault (shared/sync/trash-purge.ts).
 */
import { memorySightings, purgeDueTrash, purgeTrashed, restoreItem, trashDaysLeft, trashedSince, trashItem, TRASH_DAYS, type IndexedItem, type TrashSightingStore } from '../../shared/index.js';
import { confirmed } from '../team-input.js';
import { requireWriter } from '../team.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import type { CliVault } from '../vault.js';

type VaultOptions = GlobalOptions & { vault?: string };

export async function rm(name: string, options: VaultOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const { itemId, payload } = await vault.findItem(v.id, name);
    await vault.write(v.id, itemId, trashItem(payload, new Date()), { action: 'item.delete', detail: { name: payload.name, trash: 'moved' } });
    await vault.syncQuietly();
    const json = { id: itemId, name: payload.name, trashed: true, daysLeft: TRASH_DAYS };
    print(Boolean(options.json), json, () => `Moved "${payload.name}" to the Trash; it is deleted for good in ${TRASH_DAYS} days (\`keyhaven trash restore ${itemId.slice(0, 8)}\` brings it back).`);
  });
}

/** This device's first sightings of keys in each vault's Trash: in the state file, beside the vault. */
function sightings(vault: CliVault): TrashSightingStore {
  const of = (vaultId: string) => vault.state.vaults.find((v) => v.id === vaultId);
  return memorySightings({
    get: (vaultId) => of(vaultId)?.trashSeen,
    set: (vaultId, seen) => {
      const v = of(vaultId);
      if (v) v.trashSeen = seen;
    },
  });
}

/** The vault's keys past their 30 days, deleted for good when this account may write it; how many. */
export async function purgeDue(vault: CliVault, vaultId: string, now = new Date()): Promise<number> {
  if (!(await mayWrite(vault, vaultId))) return 0;
  const { trashed } = await vault.index().summary(vaultId);
  return purgeDueTrash(await vault.engine(), vaultId, trashed, now, sightings(vault));
}

const mayWrite = (vault: CliVault, vaultId: string) => requireWriter(vault, vaultId).then(() => true, () => false);

function trashJson(vaultName: string, { itemId, facts }: IndexedItem, now: Date, seenAt: string | undefined) {
  return {
    id: itemId,
    vault: vaultName,
    name: facts.name,
    type: facts.type,
    provider: facts.provider,
    environment: facts.environment,
    masked: facts.masked,
    trashedAt: trashedSince(facts, now)!.toISOString(),
    daysLeft: trashDaysLeft(facts, now, seenAt),
  };
}

export async function ls(options: VaultOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const purged = await purgeDue(vault, v.id);
    if (purged) {
      process.stderr.write(`keyhaven: ${purged} key(s) had been in the Trash for ${TRASH_DAYS} days and were deleted for good\n`);
      await vault.syncQuietly();
    }
    const now = new Date();
    const items = (await vault.index().summary(v.id)).trashed.map((i) => trashJson(v.name, i, now, v.trashSeen?.[i.itemId])).sort((a, b) => b.trashedAt.localeCompare(a.trashedAt));
    const line = (i: (typeof items)[number]) => `${i.name.padEnd(28)} ${[i.provider, i.environment].filter(Boolean).join('/').padEnd(20)} deleted ${i.trashedAt.slice(0, 10)}, for good in ${i.daysLeft} day(s)`;
    print(Boolean(options.json), items, () => (items.length ? items.map(line).join('\n') : `The Trash of "${v.name}" is empty.`));
  });
}

export async function restore(name: string, options: VaultOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const { itemId, payload } = await vault.findTrashed(v.id, name);
    // The same item, `trashedAt` cleared: its id, history and rotation state are what they were.
    await vault.write(v.id, itemId, restoreItem(payload, new Date()), { action: 'item.create', detail: { name: payload.name, restored: true, trash: 'restored' } });
    await vault.syncQuietly();
    print(Boolean(options.json), { id: itemId, name: payload.name, restored: true }, () => `Restored "${payload.name}" from the Trash.`);
  });
}

export async function purge(name: string | undefined, options: VaultOptions & { yes?: boolean }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    await requireWriter(vault, v.id);
    const chosen = name ? [await vault.findTrashed(v.id, name)] : (await vault.index().summary(v.id)).trashed.map((i) => ({ itemId: i.itemId, payload: { name: i.facts.name } }));
    if (chosen.length === 0) return print(Boolean(options.json), { purged: [] }, () => `The Trash of "${v.name}" is empty.`);
    const what = chosen.length === 1 ? `"${chosen[0]!.payload.name}"` : `the ${chosen.length} keys in the Trash of "${v.name}"`;
    await confirmed(options, `Delete ${what} for good, on every device? This cannot be undone.`, 'nothing deleted');
    const engine = await vault.engine();
    const purged: string[] = [];
    for (const { itemId, payload } of chosen) if (await purgeTrashed(engine, v.id, itemId, new Date(), { onlyDue: false })) purged.push(payload.name);
    await vault.syncQuietly();
    print(Boolean(options.json), { purged }, () => `Deleted for good: ${purged.map((n) => `"${n}"`).join(', ') || 'nothing (restored meanwhile?)'}.`);
  });
}
