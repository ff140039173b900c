/** scan: find API keys in files and a repository's history (what it does: cli/actions/scan.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const scan = () => import('../actions/scan.js');

export interface ScanOptions {
  git?: boolean;
  staged?: boolean;
  sarif?: boolean;
  json?: boolean;
  /** false with --no-vault. */
  vault?: boolean;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('find API keys in files (and with --git in the repository\'s history); exits 8 when it finds any, so `keyhaven scan` is a pre-commit hook')
    .argument('[paths...]', 'files and folders to read (default: the current folder)')
    .option('--git', 'also read every commit of the repository the current folder is in')
    .option('--staged', 'read only what is staged for the next commit, not the files (for a pre-commit hook)')
    .option('--sarif', 'SARIF 2.1.0 output, for code-scanning tools')
    .option('--json', 'machine-readable output')
    .option('--no-vault', 'do not compare findings with the keys stored in the vault (no password asked)')
    .action(lazy(scan, 'scan'));
}
