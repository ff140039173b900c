/** Team members: vault members, role, remove (re-keys for the rest), leave, delete (what they do: cli/actions/team-members.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const members = () => import('../actions/team-members.js');

export function registerMemberCommands(vaultCmd: Command): void {
  vaultCmd
    .command('members [vault]')
    .description('who is in a vault, with their role and fingerprint, as its signed roster says')
    .option('--json', 'machine-readable output')
    .action(lazy(members, 'members'));

  vaultCmd
    .command('role <email> <role>')
    .description('change a member’s role (admins only)')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(members, 'role'));

  vaultCmd
    .command('remove <email>')
    .description('remove a member (admins only): their access ends, the vault key is rotated for the rest, and what they could read is flagged')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(members, 'remove'));

  vaultCmd
    .command('leave <vault>')
    .description('leave a team vault: it goes from this account and its devices')
    .option('--json', 'machine-readable output')
    .action(lazy(members, 'leave'));

  vaultCmd
    .command('delete <vault>')
    .description('delete a vault and its keys from the server for every member (admins only); members keep what their devices hold')
    .option('--yes', 'do not ask')
    .option('--json', 'machine-readable output')
    .action(lazy(members, 'deleteVault'));
}
