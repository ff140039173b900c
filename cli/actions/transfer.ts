/** What export and import do (their options and help: cli/commands/transfer.ts): the backup is encrypted; plaintext only comes in. */
import { readFileSync, writeFileSync } from 'node:fs';
import { createBackup, detectImportFormat, importIntoVault, importPlaintext, openBackup, type BackupContent, type ImportSource, type ItemPayload, type SkippedEntry } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readPassword } from '../input.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';

export async function exportBackup(options: GlobalOptions & { out: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const content: BackupContent = { v: 1, vaults: [] };
    for (const v of vault.state.vaults) {
      const items = (await vault.readableItems(v.id)).items.map((x) => ({ id: x.itemId, payload: x.payload }));
      content.vaults.push({ id: v.id, name: v.name, items });
    }
    const file = await createBackup(await readPassword(), content);
    writeFileSync(options.out, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    for (const v of vault.state.vaults.filter((x) => x.remote)) await (await vault.engine()).recordAudit(v.id, 'backup.export', null);
    await vault.syncQuietly();
    const count = content.vaults.reduce((n, v) => n + v.items.length, 0);
    print(Boolean(options.json), { file: options.out, vaults: content.vaults.length, items: count }, () => `Wrote an encrypted backup of ${count} item(s) to ${options.out}.`);
  });
}

export async function importFile(file: string, options: GlobalOptions & { format?: string; vault?: string; env?: string; tag?: string }): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError('not-found', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const format = (options.format ?? detectImportFormat(file, text)) as ImportSource;
  if (!['backup', 'env', 'json', 'csv'].includes(format)) throw new CliError('usage', `unknown format "${format}"`);
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    let items: ItemPayload[];
    let skipped: SkippedEntry[] = [];
    let origins: string[] | undefined;
    if (format === 'backup') {
      const content = await openBackup(process.env.KEYHAVEN_BACKUP_PASSWORD || (await readPassword({ purpose: 'Backup password' })), text);
      items = content.vaults.flatMap((x) => x.items.map((i) => i.payload));
    } else {
      ({ items, skipped, origins } = importPlaintext(text, format, { now: new Date(), environment: options.env, tags: options.tag ? [options.tag] : undefined }));
    }
    const { added, skipped: notAdded } = await importIntoVault(await vault.engine(), v.id, { items, origins, skipped, format });
    await vault.syncQuietly();
    print(Boolean(options.json), { vault: v.name, format, imported: added, skipped: notAdded }, () =>
      [`Imported ${added} item(s) into "${v.name}".`, ...notAdded.map((s) => `  skipped ${s.where}${s.name ? ` (${s.name})` : ''}: ${s.reason}`)].join('\n'),
    );
  });
}
