/** audit: the vault's signed log, with details decrypted, and --verify to check the whole chain (what it does: cli/actions/audit.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const audit = () => import('../actions/audit.js');

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description("show a vault's audit log; --verify checks every signature and link")
    .option('--vault <vault>', 'vault name or id')
    .option('--verify', 'verify the whole chain and report where it breaks')
    .option('--writes', "also list the sync's write records (its signed proof of each stored change)")
    .option('--member <email>', "only what that member's devices signed (as the vault's signed roster names them)")
    .option('--json', 'machine-readable output (always lists every record, each with its proof flag)')
    .action(lazy(audit, 'audit'));
}
