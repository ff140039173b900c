/** token create | ls | revoke: access tokens for machines, docs/cli.md "Access tokens" (what they do: cli/actions/tokens.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const tokens = () => import('../actions/tokens.js');
const repeat = (v: string, prev: string[] = []) => [...prev, v];

export function registerTokenCommands(program: Command): void {
  const group = program.command('token').description('access tokens for machines: read-only, scoped, revocable (keyhaven run --token)');

  group
    .command('create')
    .description('make an access token for a vault (admins); it is printed once, on stdout')
    .requiredOption('--name <name>', 'what the token is for (CI, staging server, …)')
    .option('--vault <vault>', 'vault name or id')
    .option('--item <name>', 'only this item (repeatable)', repeat)
    .option('--tag <tag>', 'only items with this tag (repeatable: any of them)', repeat)
    .option('--env <environment>', 'only items of this environment')
    .option('--expires <when>', '30d, 12h, an ISO date, or never', undefined)
    .option('--allow-ip <cidr>', 'only from this address range, IPv4 or IPv6 (repeatable)', repeat)
    .option('--json', 'machine-readable output')
    .action(lazy(tokens, 'create'));

  group
    .command('ls')
    .description('list a vault’s access tokens: scope, expiry, last use and address')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(tokens, 'ls'));

  group
    .command('revoke <token>')
    .description('revoke an access token (its id, id prefix or name) at once; it stops working on its next request')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(tokens, 'revoke'));
}
