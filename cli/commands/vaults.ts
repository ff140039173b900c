/** vault create, vault ls, vault rotate-key. */
import type { Command } from 'commander';
import { createVaultKeyring, encodeVaultKeyEntry, keySchedule, sealVaultMeta, updateVaultMeta, vaultMetaOf } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { rotateAndShare } from '../key-rotation.js';
import { registerTeamCommands } from './team.js';
import { registerMemberCommands } from './team-members.js';
import { registerTrustCommand } from './team-trust.js';
import { action, print, withVault, type GlobalOptions } from '../run-command.js';

export function registerVaultCommands(program: Command): void {
  const vaultCmd = program.command('vault').description('manage vaults');
  registerTeamCommands(program, vaultCmd);
  registerMemberCommands(vaultCmd);
  registerTrustCommand(vaultCmd);

  vaultCmd
    .command('create <name>')
    .description('create a vault (on the server too when signed in)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: GlobalOptions) => {
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
      }),
    );

  vaultCmd
    .command('ls')
    .description('list vaults')
    .option('--json', 'machine-readable output')
    .action(
      action(async (options: GlobalOptions) => {
        await withVault(options, async (vault) => {
          const list = await vault.vaultSummaries();
          print(Boolean(options.json), list, () => list.map((v) => `${v.name.padEnd(20)} ${String(v.items).padStart(5)} item(s)  key v${v.keyVersion}${v.default ? '  (default)' : ''}${v.synced ? '' : '  local only'}`).join('\n'));
        });
      }),
    );

  vaultCmd
    .command('rename <vault> <name>')
    .description('rename a vault (in a team vault, admins only); the name is sealed under the vault key')
    .option('--json', 'machine-readable output')
    .action(
      action(async (current: string, name: string, options: GlobalOptions) => {
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
      }),
    );

  vaultCmd
    .command('rotate-key [name]')
    .description('rotate the vault key: new version, every item re-wrapped (resumes by itself if interrupted)')
    .option('--if-due', 'only if its schedule says so (safe to run from cron: otherwise says when, exit 0)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string | undefined, options: GlobalOptions & { ifDue?: boolean }) => {
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
      }),
    );

  vaultCmd
    .command('schedule [name]')
    .description('show or set how often the vault key is rotated on a schedule (default every 90 days)')
    .option('--every <days>', 'days between rotations (1-3650)')
    .option('--never', 'no scheduled rotation (rotate-key still works by hand)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string | undefined, options: GlobalOptions & { every?: string; never?: boolean }) => {
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
      }),
    );
}
