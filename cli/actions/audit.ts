/** What audit does (its options and help: cli/commands/audit.ts): read the log, decrypt details, verify the chain on request. */
import { entriesBy, readAuditLog } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { teamStoreOf } from '../team.js';
import type { CliVault } from '../vault.js';
import { EXIT, print, withVault, type GlobalOptions } from '../run-command.js';

export async function audit(options: GlobalOptions & { vault?: string; verify?: boolean; writes?: boolean; member?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const log = await readAuditLog({
      api: await vault.api(),
      store: vault.store,
      keyring: await vault.keyring(v.id),
      vaultId: v.id,
      verify: Boolean(options.verify),
      identities: () => vault.identities(),
    });
    const report = log.verification;
    const entries = options.member ? entriesBy(log.entries, await memberAccount(vault, v.id, options.member)) : log.entries;
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
}

/** The account behind a member's email, as the vault's signed roster (or this account) says. */
async function memberAccount(vault: CliVault, vaultId: string, email: string): Promise<string> {
  if (vault.state.email?.toLowerCase() === email.toLowerCase()) return vault.account.accountId;
  const member = (await teamStoreOf(vault).roster(vaultId))?.members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  if (!member) throw new CliError('not-found', `${email} is not a member of this vault`);
  return member.account;
}
