/**
 * Checking a vault's audit chain as the server serves it: fetch the records after the newest head this
 * device verified, verify them against the devices their accounts certified (device-trust.ts) and the
 * head remembered, and remember the new head only when everything verified. A chain that fails is
 * reported and its head is not moved, so the next sync checks (and reports) the same records again
 * until the server serves the real ones: nothing the server sends is adopted unchecked.
 */
import { EMPTY_HEAD } from '../audit/entry.js';
import { auditRecordSchema, type AuditRecord } from '../audit/record.js';
import { elementSeq, verifyChain, type ChainReport } from '../audit/verify.js';
import type { IdentityVerifyKey } from '../crypto/keys.js';
import type { ApiClient } from './api-client.js';
import { trustedDevices, type TrustedDevice } from './device-trust.js';
import type { LocalStore } from './store.js';

export interface ChainCheckContext {
  api: ApiClient;
  store: LocalStore;
  /** The identity signing keys this device trusts, by account (its own account's, for now). */
  identities(): Promise<ReadonlyMap<string, IdentityVerifyKey>>;
}

/** Every record after `after`, page by page. */
export async function fetchChain(api: ApiClient, vaultId: string, after: number): Promise<unknown[]> {
  const records: unknown[] = [];
  for (let cursor = after; ; ) {
    const page = await api.audit(vaultId, cursor);
    records.push(...page.records);
    const last = elementSeq(page.records.at(-1));
    if (!page.hasMore || last === null || last <= cursor) return records;
    cursor = last;
  }
}

export async function vaultDeviceTrust(ctx: ChainCheckContext, vaultId: string): Promise<Map<string, TrustedDevice>> {
  return trustedDevices((await ctx.api.vaultDevices(vaultId)).devices, await ctx.identities());
}

/**
 * Verifies what was appended since the head this device verified last; moves that head on success and
 * returns the v2 records it verified (their write records are the items' new proofs).
 */
export async function checkNewRecords(ctx: ChainCheckContext, vaultId: string): Promise<{ report: ChainReport; records: AuditRecord[] }> {
  const known = (await ctx.store.getAuditHead(vaultId)) ?? { ...EMPTY_HEAD, format: 1 as const };
  const elements = await fetchChain(ctx.api, vaultId, known.seq);
  const { auditHead } = await ctx.api.vault(vaultId);
  if (elements.length === 0 && auditHead.seq < known.seq) {
    const message = `the audit chain ends at seq ${auditHead.seq}, but this device has already seen seq ${known.seq}`;
    return { report: { ok: false, index: 0, seq: null, reason: 'truncated', message, head: known, verified: 0 }, records: [] };
  }
  if (elements.length === 0) return { report: { ok: true, head: known, verified: 0, format: known.format ?? 1, legacy: 0 }, records: [] };
  const report = await verifyChain(elements, { vaultId, devices: await vaultDeviceTrust(ctx, vaultId), from: known });
  if (!report.ok) return { report, records: [] };
  const records = elements.flatMap((e) => {
    const parsed = auditRecordSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  const items = known.items === true || records.some((r) => r.entry.action === 'vault.upgrade');
  await ctx.store.setAuditHead(vaultId, { ...report.head, format: report.format, items });
  return { report, records };
}
