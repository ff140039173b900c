/** sync and status: the visible sync state of this device (what they do: cli/actions/sync.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const sync = () => import('../actions/sync.js');

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('pull and push every vault now')
    .option('--json', 'machine-readable output')
    .action(lazy(sync, 'sync'));

  program
    .command('status')
    .description('where this vault lives, what it holds, what is waiting to sync')
    .option('--json', 'machine-readable output')
    .action(lazy(sync, 'status'));
}
