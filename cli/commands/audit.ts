/** audit: the vault's signed log, with details decrypted, and --verify to check the whole chain. */
import type { Command } from 'commander';
import { auditEntrySchema, fromBase64url, importDeviceVerifyKey, openAuditDetail, verifyChain, type DeviceRecord } from '../../shared/index.js';
import { action, print, withVault, type GlobalOptions } from '../run-command.js';

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description("show a vault's audit log; --verify checks every signature and link")
    .option('--vault <vault>', 'vault name or id')
    .option('--verify', 'verify the whole chain and report where it breaks')
    .option('--json', 'machine-readable output')
    .action(
      action(async (options: GlobalOptions & { vault?: string; verify?: boolean }) => {
        await withVault(options, async (vault) => {
          const v = vault.vault(options.vault);
          const api = await vault.api();
          const raw: unknown[] = [];
          for (let after = 0; ; ) {
            const page = await api.audit(v.id, after);
            raw.push(...page.entries);
            const last = auditEntrySchema.safeParse(page.entries.at(-1));
            if (!page.hasMore || !last.success) break;
            after = last.data.seq;
          }
          const devices = new Map<string, DeviceRecord & { name: string }>();
          for (const d of (await api.vaultDevices(v.id)).devices) {
            devices.set(d.id, { name: d.name, verifyKey: await importDeviceVerifyKey(fromBase64url(d.signingPublicKey)), revokedAt: d.revokedAt ? Date.parse(d.revokedAt) : null });
          }
          const known = await vault.store.getAuditHead(v.id);
          const report = options.verify ? await verifyChain(raw, { vaultId: v.id, devices, known: known ?? undefined }) : null;
          if (report?.ok) await vault.store.setAuditHead(v.id, report.head);
          const keyring = await vault.keyring(v.id);
          const entries: { seq: number; at: string; action: string; item: string | null; device: string; detail: unknown }[] = [];
          for (const e of raw) {
            const parsed = auditEntrySchema.safeParse(e);
            if (!parsed.success) continue;
            const entry = parsed.data;
            const detail = await openAuditDetail(entry, keyring).catch(() => ({ unreadable: true }));
            entries.push({ seq: entry.seq, at: new Date(entry.ts).toISOString(), action: entry.action, item: entry.item, device: devices.get(entry.device)?.name ?? entry.device, detail });
          }
          print(Boolean(options.json), { vault: v.name, entries, verification: report }, () => {
            const lines = entries.map((e) => `${String(e.seq).padStart(5)}  ${e.at}  ${e.action.padEnd(16)} ${e.device}  ${JSON.stringify(e.detail)}`);
            if (report) lines.push(report.ok ? `Verified: ${report.verified} entries, every signature and link intact.` : `BROKEN at entry ${report.seq ?? `#${report.index}`}: ${report.reason} (${report.message}); the first ${report.verified} entries verify.`);
            return lines.length ? lines.join('\n') : 'The audit log is empty.';
          });
          if (report && !report.ok) process.exitCode = 1;
        });
      }),
    );
}
