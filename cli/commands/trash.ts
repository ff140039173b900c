/** The Trash: trash ls, restore, purge (what they do: cli/actions/trash.ts; `rm` moves a key there). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const trash = () => import('../actions/trash.js');

export function registerTrashCommands(program: Command): void {
  const bin = program.command('trash').description('keys deleted with `rm`: kept 30 days, then deleted for good');

  bin
    .command('ls')
    .description('list the keys in the Trash with the days each has left (deletes for good those past 30 days)')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(trash, 'ls'));

  bin
    .command('restore <name>')
    .description('bring a key back from the Trash: the same key, with its history (name or id)')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(trash, 'restore'));

  bin
    .command('purge [name]')
    .description('delete a key in the Trash for good, or without a name every key in it (asks first)')
    .option('--vault <vault>', 'vault name or id')
    .option('--yes', 'do not ask')
    .option('--json', 'machine-readable output')
    .action(lazy(trash, 'purge'));
}
