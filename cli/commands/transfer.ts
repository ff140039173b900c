/** export (encrypted backup) and import (a backup, or plaintext .env / JSON / CSV); what they do: cli/actions/transfer.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const transfer = () => import('../actions/transfer.js');

export function registerTransferCommands(program: Command): void {
  program
    .command('export')
    .description('write an encrypted backup of every vault, openable with the password alone')
    .requiredOption('--out <file>', 'where to write it')
    .option('--json', 'machine-readable output')
    .action(lazy(transfer, 'exportBackup'));

  program
    .command('import <file>')
    .description('import a KeyHaven backup, or secrets from a .env, JSON or CSV file')
    .option('--format <format>', 'backup, env, json or csv (default: from the file)')
    .option('--vault <vault>', 'vault to import into (default: your first vault)')
    .option('--env <environment>', 'environment for imported items that name none')
    .option('--tag <tag>', 'a tag for every imported item')
    .option('--json', 'machine-readable output')
    .action(lazy(transfer, 'importFile'));
}
