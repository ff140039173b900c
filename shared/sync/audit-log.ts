/**
 * A vault's audit log as a reader sees it: every entry from the server, each detail decrypted where this
 * device holds the key, device names, and, when asked, the chain verified against the devices' keys and
 * the last head this device remembered (a server that drops or rewrites entries is caught here).
 */
import { fromBase64url } from '../encoding.js';
import { importDeviceVerifyKey } from '../crypto/asymmetric.js';
import { auditEntrySchema, openAuditDetail } from '../audit/entry.js';
import { verifyChain, type ChainReport, type DeviceRecord } from '../audit/verify.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import type { LocalStore } from './store.js';

export interface AuditLogEntry {
  seq: number;
  at: string;
  action: string;
  item: string | null;
  /** The device's name, or its id when the server no longer lists it. */
  device: string;
  detail: unknown;
}

export interface AuditLog {
  entries: AuditLogEntry[];
  /** Null unless verification was asked for. */
  verification: ChainReport | null;
}

export async function readAuditLog(input: {
  api: ApiClient;
  store: LocalStore;
  keyring: VaultKeyring;
  vaultId: string;
  verify: boolean;
}): Promise<AuditLog> {
  const { api, store, keyring, vaultId } = input;
  const raw: unknown[] = [];
  for (let after = 0; ; ) {
    const page = await api.audit(vaultId, after);
    raw.push(...page.entries);
    const last = auditEntrySchema.safeParse(page.entries.at(-1));
    if (!page.hasMore || !last.success) break;
    after = last.data.seq;
  }
  const devices = new Map<string, DeviceRecord & { name: string }>();
  for (const d of (await api.vaultDevices(vaultId)).devices) {
    devices.set(d.id, { name: d.name, verifyKey: await importDeviceVerifyKey(fromBase64url(d.signingPublicKey)), revokedAt: d.revokedAt ? Date.parse(d.revokedAt) : null });
  }
  let verification: ChainReport | null = null;
  if (input.verify) {
    const known = await store.getAuditHead(vaultId);
    verification = await verifyChain(raw, { vaultId, devices, known: known ?? undefined });
    if (verification.ok) await store.setAuditHead(vaultId, verification.head);
  }
  const entries: AuditLogEntry[] = [];
  for (const e of raw) {
    const parsed = auditEntrySchema.safeParse(e);
    if (!parsed.success) continue;
    const entry = parsed.data;
    const detail = await openAuditDetail(entry, keyring).catch(() => ({ unreadable: true }));
    entries.push({ seq: entry.seq, at: new Date(entry.ts).toISOString(), action: entry.action, item: entry.item, device: devices.get(entry.device)?.name ?? entry.device, detail });
  }
  return { entries, verification };
}
