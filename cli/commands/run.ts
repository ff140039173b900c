/** run: start a command with keys in its environment (what it does: cli/actions/run.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import { tokenOptionHelp } from '../token-options.js';

const run = () => import('../actions/run.js');

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run COMMAND with the vault’s active keys as environment variables: keyhaven run -- npm start')
    .option('--vault <vault>', 'vault name or id')
    .option('--only <names>', 'comma-separated item names to pass (default: every active key and secret)')
    .option('--as <mapping>', 'ITEM=VARIABLE, to choose a variable name (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--token [source]', tokenOptionHelp.token)
    .option('--token-file <path>', tokenOptionHelp.tokenFile)
    .option('--server <url>', tokenOptionHelp.server)
    .argument('<command...>', 'the command and its arguments (after --)')
    .action(lazy(run, 'run'));
}
