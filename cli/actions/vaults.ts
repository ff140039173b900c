/** What the vault commands do (options and help: cli/commands/vaults.ts): a vault's name and rotation schedule are sealed under its key, so the server never reads them. */
import { createVaultKeyring, encodeVaultKeyEntry, keySchedule, sealVaultMeta, updateVaultMeta, vaultMetaOf } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { rotateAndShare } from '../key-rotation.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';

export async function create(name: string, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    if (vault.state.vaults.some((v) => v.name.toLowerCase() === name.toLowerCase())) throw new CliError('exists', `a vault named "${name}" exists`);
    const { record, keyring } = await createVaultKeyring(vault.account.accountKey);
    const remote = vault.signedIn;
    if (remote) {
      await (await vault.api()).createVault({ id: record.vaultId, meta: await sealVaultMeta({ name }, keyring), keys: [{ keyVersion: 1, blob: encodeVaultKeyEntry(record.keys[0]!) }] });
    }
    vault.state.vaults.push({ id: record.vaultId, name, keyring: record, remote });
    if (remote) {
      await (await vault.engine()).recordAudit(record.vaultId, 'vault.create', null, { name });
      await vault.syncQuietly();
    }
    print(Boolean(options.json), { id: record.vaultId, name, synced: remote }, () => `Created vault "${name}".`);
  });
}

export async function ls(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const list = await vault.vaultSummaries();
    print(Boolean(options.json), list, () => list.map((v) => `${v.name.padEnd(20)} ${String(v.items).padStart(5)} item(s)  key v${v.keyVersion}${v.default ? '  (default)' : ''}${v.synced ? '' : '  local only'}`).join('\n'));
  });
}

export async function rename(current: string, name: string, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(current);
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new CliError('usage', 'a vault name is 1 to 100 characters');
    if (vault.state.vaults.some((o) => o.id !== v.id && o.name.toLowerCase() === trimmed.toLowerCase())) throw new CliError('exists', `a vault named "${trimmed}" exists`);
    if (v.remote) await updateVaultMeta(await vault.api(), await vault.keyring(v.id), { name: trimmed }, vaultMetaOf(v));
    const before = v.name;
    v.name = trimmed;
    print(Boolean(options.json), { id: v.id, name: trimmed }, () => `Renamed "${before}" to "${trimmed}".`);
  });
}

export async function rotateKey(name: string | undefined, options: GlobalOptions & { ifDue?: boolean }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    if (options.ifDue) {
      // The schedule as the server's sealed meta says now, not as this device last saw it.
      if (v.remote) await vault.refreshVaults();
      const schedule = keySchedule(v.keyring, v.keyRotationDays, new Date());
      if (!schedule.due) {
        const when = schedule.dueAt ? `due ${schedule.dueAt.toISOString().slice(0, 10)}` : 'no schedule';
        return print(Boolean(options.json), { vault: v.name, rotated: false, dueAt: schedule.dueAt?.toISOString() ?? null }, () => `Vault "${v.name}" key v${v.keyring.current} is not due (${when}); nothing done.`);
      }
    }
    const result = await rotateAndShare(vault, v, { quiet: Boolean(options.json) });
    if (v.remote) await vault.syncQuietly();
    print(Boolean(options.json), { vault: v.name, rotated: true, ...result }, () => `Vault "${v.name}" now uses key version ${result.toVersion}; ${result.rewrapped} item(s) re-wrapped.`);
  });
}

export async function schedule(name: string | undefined, options: GlobalOptions & { every?: string; never?: boolean }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    if (options.every !== undefined && options.never) throw new CliError('usage', 'give --every or --never, not both');
    if (options.every !== undefined || options.never) {
      const days = options.never ? null : Number(options.every);
      if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) throw new CliError('usage', `--every "${options.every}" is not a whole number of days from 1 to 3650`);
      if (v.remote) await updateVaultMeta(await vault.api(), await vault.keyring(v.id), { keyRotationDays: days }, vaultMetaOf(v));
      v.keyRotationDays = days;
    }
    const s = keySchedule(v.keyring, v.keyRotationDays, new Date());
    const json = { vault: v.name, everyDays: s.everyDays, keyVersion: v.keyring.current, since: s.since.toISOString(), dueAt: s.dueAt?.toISOString() ?? null, due: s.due };
    print(Boolean(options.json), json, () =>
      s.everyDays === null
        ? `Vault "${v.name}": key v${v.keyring.current} since ${json.since.slice(0, 10)}; no scheduled rotation.`
        : `Vault "${v.name}": key v${v.keyring.current} since ${json.since.slice(0, 10)}, rotated every ${s.everyDays} days; ${s.due ? 'due now' : `next by ${json.dueAt!.slice(0, 10)}`}.`,
    );
  });
}
