/** audit: the vault's signed log, with details decrypted, and --verify to check the whole chain. */
import type { Command } from 'commander';
import { readAuditLog } from '../../shared/index.js';
import { action, EXIT, print, withVault, type GlobalOptions } from '../run-command.js';

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description("show a vault's audit log; --verify checks every signature and link")
    .option('--vault <vault>', 'vault name or id')
    .option('--verify', 'verify the whole chain and report where it breaks')
    .option('--writes', "also list the sync's write records (its signed proof of each stored change)")
    .option('--json', 'machine-readable output (always lists every record, each with its proof flag)')
    .action(
      action(async (options: GlobalOptions & { vault?: string; verify?: boolean; writes?: boolean }) => {
        await withVault(options, async (vault) => {
          const v = vault.vault(options.vault);
          const { entries, verification: report } = await readAuditLog({
            api: await vault.api(),
            store: vault.store,
            keyring: await vault.keyring(v.id),
            vaultId: v.id,
            verify: Boolean(options.verify),
            identities: () => vault.identities(),
          });
          print(Boolean(options.json), { vault: v.name, entries, verification: report }, () => {
            const shown = options.writes ? entries : entries.filter((e) => !e.proof);
            const lines = shown.map((e) => `${String(e.seq).padStart(5)}  ${e.at}  ${e.action.padEnd(16)} ${e.device}  ${JSON.stringify(e.detail)}`);
            if (report?.ok) {
              lines.push(`Verified: ${report.verified} entries, every signature and link intact.`);
              if (report.legacy) lines.push(`${report.legacy} of them are from before this vault's log moved to v2, signed by devices their account never certified: for those, the device list is the server's word.`);
            } else if (report) {
              lines.push(`BROKEN at entry ${report.seq ?? `#${report.index}`}: ${report.reason} (${report.message}); the first ${report.verified} entries verify.`);
            }
            const hidden = entries.length - shown.length;
            if (hidden) lines.push(`(${hidden} write record${hidden === 1 ? '' : 's'} not listed; --writes lists them.)`);
            return lines.length ? lines.join('\n') : 'The audit log is empty.';
          });
          if (report && !report.ok) process.exitCode = EXIT.integrity;
        });
      }),
    );
}
