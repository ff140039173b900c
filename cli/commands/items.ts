/** Item commands: ls, get, add, edit, rotate, revoke, reactivate, rm (what they do: cli/actions/items.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import { tokenOptionHelp } from '../token-options.js';

export type FieldOptions = { provider?: string; kind?: string; env?: string; tag?: string[]; url?: string; notes?: string; expires?: string; rotateEvery?: number; type?: 'api-key' | 'secret' | 'note' };

const items = () => import('../actions/items.js');
const collect = (value: string, previous: string[] = []) => [...previous, value];

function withFieldOptions(cmd: Command): Command {
  return cmd
    .option('--type <type>', 'api-key, secret or note')
    .option('--provider <provider>', 'e.g. openai, stripe, github')
    .option('--kind <kind>', 'e.g. secret, restricted, publishable')
    .option('--env <environment>', 'e.g. production, staging')
    .option('--tag <tag>', 'a tag (repeat for several)', collect)
    .option('--url <url>', 'where the key is managed')
    .option('--notes <text>', 'free text')
    .option('--expires <date>', 'expiry date (ISO 8601, e.g. 2027-01-31)')
    .option('--rotate-every <days>', 'rotation policy in days', Number)
    .option('--vault <vault>', 'vault name or id (default: your first vault)')
    .option('--json', 'machine-readable output');
}

export function registerItemCommands(program: Command): void {
  program
    .command('ls')
    .description('list items (values masked)')
    .option('--vault <vault>', 'vault name or id')
    .option('--provider <provider>')
    .option('--env <environment>')
    .option('--tag <tag>')
    .option('--status <status>', 'active or revoked')
    .option('--overdue', 'only keys overdue for rotation, expiring or expired')
    .option('--health-below <score>', 'only keys whose health score (0-100) is below this, worst first', Number)
    .option('--exposed', 'only keys a former team member could read: rotate them at the provider')
    .option('--json', 'machine-readable output')
    .action(lazy(items, 'ls'));

  program
    .command('get <name>')
    .description('show one item; the value stays masked unless --reveal (audited)')
    .option('--vault <vault>', 'vault name or id')
    .option('--reveal', 'print the value')
    .option('--copy', 'copy the value to the clipboard instead of printing it')
    .option('--json', 'machine-readable output')
    .option('--token [source]', tokenOptionHelp.token)
    .option('--token-file <path>', tokenOptionHelp.tokenFile)
    .option('--server <url>', tokenOptionHelp.server)
    .action(lazy(items, 'get'));

  withFieldOptions(program.command('add').description('add an item; the value is read from stdin or a hidden prompt, never from the command line'))
    .requiredOption('--name <name>', 'a name, unique in the vault')
    .action(lazy(items, 'add'));

  withFieldOptions(program.command('edit <name>').description('change an item’s fields (not its value: use rotate)'))
    .option('--rename <name>', 'a new name')
    .action(lazy(items, 'edit'));

  program
    .command('rotate <name>')
    .description('replace the value (new one from stdin, a prompt, or --generate); the old value goes to history')
    .option('--reason <reason>', 'why', 'rotated')
    .option('--generate', 'generate a 256-bit random value instead of reading one')
    .option('--prefix <prefix>', 'with --generate: a prefix such as whsec_')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(items, 'rotate'));

  program
    .command('revoke <name>')
    .description('mark an item revoked (e.g. it leaked); it is no longer handed to `run`')
    .requiredOption('--reason <reason>', 'why, e.g. "leaked in CI logs"')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(items, 'revoke'));

  program
    .command('reactivate <name>')
    .description('undo a revocation')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(items, 'reactivate'));

  program
    .command('rm <name>')
    .description('move an item to the Trash (on every device, after sync); deleted for good after 30 days')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(items, 'rm'));
}
