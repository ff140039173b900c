/**
 * A vault's audit log as a reader sees it: every record from the server, each detail decrypted where
 * this device holds the key, device names, and, when asked, the whole chain verified against the
 * devices their accounts certified and the last head this device remembered (a server that drops,
 * rewrites or forges entries is caught here).
 */
import { auditEntrySchema, openAuditDetail, type AuditEntry } from '../audit/entry.js';
import { auditRecordSchema, openAuditDetailV2, type AuditEntryV2 } from '../audit/record.js';
import { verifyChain, type ChainReport } from '../audit/verify.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import { fetchChain, vaultDeviceTrust, type ChainCheckContext } from './chain-check.js';
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

function entryOf(record: unknown): { seq: number; entry: AuditEntry | AuditEntryV2 } | null {
  const v2 = auditRecordSchema.safeParse(record);
  if (v2.success) return { seq: v2.data.seq, entry: v2.data.entry };
  const v1 = auditEntrySchema.safeParse((record as { entry?: unknown } | null)?.entry);
  return v1.success ? { seq: v1.data.seq, entry: v1.data } : null;
}

export async function readAuditLog(input: {
  api: ApiClient;
  store: LocalStore;
  keyring: VaultKeyring;
  vaultId: string;
  verify: boolean;
  identities: ChainCheckContext['identities'];
}): Promise<AuditLog> {
  const { api, store, keyring, vaultId } = input;
  const records = await fetchChain(api, vaultId, 0);
  const devices = await vaultDeviceTrust({ api, store, identities: input.identities }, vaultId);
  let verification: ChainReport | null = null;
  if (input.verify) {
    const known = await store.getAuditHead(vaultId);
    verification = await verifyChain(records, { vaultId, devices, known: known ?? undefined });
    if (verification.ok && verification.head.seq >= (known?.seq ?? 0)) await store.setAuditHead(vaultId, { ...verification.head, format: verification.format });
  }
  const entries: AuditLogEntry[] = [];
  for (const record of records) {
    const found = entryOf(record);
    if (!found) continue;
    const { seq, entry } = found;
    const detail = await (entry.v === 2 ? openAuditDetailV2(entry, keyring) : openAuditDetail(entry, keyring)).catch(() => ({ unreadable: true }));
    entries.push({ seq, at: new Date(entry.ts).toISOString(), action: entry.action, item: entry.item, device: devices.get(entry.device)?.name ?? entry.device, detail });
  }
  return { entries, verification };
}
