/** Team vaults: whoami, vault invite / invitations / accept / decline / default (what they do: cli/actions/team.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const team = () => import('../actions/team.js');

export function registerTeamCommands(program: Command, vaultCmd: Command): void {
  program
    .command('whoami')
    .description('your account and the fingerprint teammates compare before sharing with you')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'whoami'));

  vaultCmd
    .command('invite <email>')
    .description('invite someone to a vault, once you compared their fingerprint')
    .option('--vault <vault>', 'vault name or id (default: your default vault)')
    .option('--role <role>', 'viewer, editor or admin', 'editor')
    .option('--fingerprint <digits>', 'the fingerprint they read out to you')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'invite'));

  vaultCmd
    .command('invitations')
    .description('invitations waiting for you, with who sent them')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'invitations'));

  vaultCmd
    .command('accept <vault>')
    .description('accept an invitation (vault name or id), once you compared the inviter’s fingerprint')
    .option('--fingerprint <digits>', 'the fingerprint the inviter read out to you')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'accept'));

  vaultCmd
    .command('decline <vault>')
    .description('decline an invitation')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'decline'));

  vaultCmd
    .command('default <vault>')
    .description('the vault item commands use when --vault is not given')
    .option('--json', 'machine-readable output')
    .action(lazy(team, 'setDefault'));
}
