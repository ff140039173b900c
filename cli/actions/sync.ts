/** What sync and status do (their options and help: cli/commands/sync.ts), and the one-line sync summary other commands print. */
import { TRASH_DAYS, withRetry, type SyncReport } from '../../shared/index.js';
import { purgeDue } from './trash.js';
import { EXIT, print, withVault, type GlobalOptions } from '../run-command.js';
import { describeEvent } from '../vault.js';

export function syncSummary(report: SyncReport | null): string {
  if (!report) return 'not signed in to a server: nothing to sync (the vault is local only)';
  const parts = [`${report.pulled} pulled`, `${report.pushed} pushed`];
  if (report.conflicts) parts.push(`${report.conflicts} merged with conflicts (both values kept)`);
  if (report.auditAppended) parts.push(`${report.auditAppended} audit entries`);
  if (report.integrity.length) parts.push(`${report.integrity.length} record(s) FAILED a check and were not taken`);
  parts.push(report.pending ? `${report.pending} still pending` : 'up to date');
  return parts.join(', ');
}

export async function sync(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    // An explicit sync is worth a short wait: retry passing failures (offline, 5xx, 429) with backoff.
    let report = await withRetry(() => vault.sync(), { attempts: 3, baseMs: 300, maxMs: 3000 });
    // What the sync brought may include keys whose 30 days in the Trash are over: deleted for good, sent at once.
    let purged = 0;
    for (const v of vault.state.vaults) purged += await purgeDue(vault, v.id);
    if (purged) {
      process.stderr.write(`keyhaven: ${purged} key(s) had been in the Trash for ${TRASH_DAYS} days and were deleted for good\n`);
      report = await vault.sync();
    }
    print(Boolean(options.json), { ...report, events: vault.events }, () =>
      [syncSummary(report), ...vault.events.map((e) => `  ${describeEvent(e)}`)].join('\n'),
    );
    if (report?.integrity.length || vault.events.some((e) => e.type === 'integrity')) process.exitCode = EXIT.integrity;
  });
}

export async function status(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const engine = await vault.engine();
    const vaults = await vault.vaultSummaries();
    const status = {
      home: vault.home.dir,
      server: vault.state.server,
      email: vault.state.email,
      signedIn: vault.signedIn,
      accountId: vault.account.accountId,
      device: { id: vault.state.device.id, name: vault.state.device.name },
      vaults,
      pending: await engine.pendingCount(vault.state.vaults.map((v) => v.id)),
    };
    print(Boolean(options.json), status, () =>
      [
        vault.signedIn ? `Signed in to ${status.server} as ${status.email}` : status.server ? `Signed out of ${status.server}` : 'Local only (no server)',
        `Device: ${status.device.name}`,
        ...vaults.map((v) => `Vault "${v.name}": ${v.items} item(s), key version ${v.keyVersion}${v.synced ? '' : ', local only'}`),
        status.pending ? `${status.pending} change(s) waiting to sync` : 'Nothing waiting to sync',
      ].join('\n'),
    );
  });
}
