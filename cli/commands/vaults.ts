/** vault create, ls, rename, rotate-key, schedule, and the team commands under `vault` (what they do: cli/actions/vaults.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import { registerTeamCommands } from './team.js';
import { registerMemberCommands } from './team-members.js';
import { registerTrustCommand } from './team-trust.js';

const vaults = () => import('../actions/vaults.js');

export function registerVaultCommands(program: Command): void {
  const vaultCmd = program.command('vault').description('manage vaults');
  registerTeamCommands(program, vaultCmd);
  registerMemberCommands(vaultCmd);
  registerTrustCommand(vaultCmd);

  vaultCmd
    .command('create <name>')
    .description('create a vault (on the server too when signed in)')
    .option('--json', 'machine-readable output')
    .action(lazy(vaults, 'create'));

  vaultCmd
    .command('ls')
    .description('list vaults')
    .option('--json', 'machine-readable output')
    .action(lazy(vaults, 'ls'));

  vaultCmd
    .command('rename <vault> <name>')
    .description('rename a vault (in a team vault, admins only); the name is sealed under the vault key')
    .option('--json', 'machine-readable output')
    .action(lazy(vaults, 'rename'));

  vaultCmd
    .command('rotate-key [name]')
    .description('rotate the vault key: new version, every item re-wrapped (resumes by itself if interrupted)')
    .option('--if-due', 'only if its schedule says so (safe to run from cron: otherwise says when, exit 0)')
    .option('--json', 'machine-readable output')
    .action(lazy(vaults, 'rotateKey'));

  vaultCmd
    .command('schedule [name]')
    .description('show or set how often the vault key is rotated on a schedule (default every 90 days)')
    .option('--every <days>', 'days between rotations (1-3650)')
    .option('--never', 'no scheduled rotation (rotate-key still works by hand)')
    .option('--json', 'machine-readable output')
    .action(lazy(vaults, 'schedule'));
}
