/** vault create, vault ls, vault rotate-key. */
import type { Command } from 'commander';
import { createVaultKeyring, encodeVaultKeyEntry, sealVaultMeta } from '../../shared/index.js';
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
          if (v.remote) {
            const api = await vault.api();
            const { metaRevision } = await api.vault(v.id);
            await api.putMeta(v.id, metaRevision, await sealVaultMeta({ name: trimmed }, await vault.keyring(v.id)));
          }
          const before = v.name;
          v.name = trimmed;
          print(Boolean(options.json), { id: v.id, name: trimmed }, () => `Renamed "${before}" to "${trimmed}".`);
        });
      }),
    );

  vaultCmd
    .command('rotate-key [name]')
    .description('rotate the vault key: new version, every item re-wrapped (resumes by itself if interrupted)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string | undefined, options: GlobalOptions) => {
        await withVault(options, async (vault) => {
          const v = vault.vault(name);
          const result = await rotateAndShare(vault, v, { quiet: Boolean(options.json) });
          if (v.remote) await vault.syncQuietly();
          print(Boolean(options.json), { vault: v.name, ...result }, () => `Vault "${v.name}" now uses key version ${result.toVersion}; ${result.rewrapped} item(s) re-wrapped.`);
        });
      }),
    );
}
