/**
 * A vault's audit log as a reader sees it: every record from the server, each detail decrypted where
 * this device holds the key, device names, and, when asked, the whole chain verified against the
 * devices their accounts certified and the last head this device remembered (a server that drops,
 * rewrites or forges entries is caught here).
 */
import { auditEntrySchema, EMPTY_HEAD, entryHash, openAuditDetail, type AuditEntry } from '../audit/entry.js';
import { auditRecordSchema, openAuditDetailV2, recordHash, type AuditEntryV2 } from '../audit/record.js';
import { followItemHistory } from '../audit/item-history.js';
import { verifyChain, type ChainReport } from '../audit/verify.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import { fetchChain, historyBreak, v2Records, vaultDeviceTrust, type ChainCheckContext } from './chain-check.js';
import type { LocalStore } from './store.js';

export interface AuditLogEntry {
  seq: number;
  /** The hash the next record links to (of the v2 record, or of the v1 entry): a place in the chain a reader can quote. */
  hash: string;
  at: string;
  action: string;
  item: string | null;
  /** The device's name, or its id when the server no longer lists it. */
  device: string;
  /** The account whose signed certificate vouches for that device; null when none does (an old or unknown device). */
  account: string | null;
  detail: unknown;
  /**
   * A record the sync engine signs as proof of a stored write (`item.write`, `item.baseline`, `vault.upgrade`), not
   * something a person did: views list them only when asked, so one edit is one line.
   */
  proof: boolean;
}

/** Records that prove what the server stores, beside the entries that say what someone did. */
export const PROOF_ACTIONS: ReadonlySet<string> = new Set(['item.write', 'item.baseline', 'vault.upgrade']);

export interface AuditLog {
  entries: AuditLogEntry[];
  /** Null unless verification was asked for. */
  verification: ChainReport | null;
}

async function entryOf(record: unknown): Promise<{ seq: number; hash: string; entry: AuditEntry | AuditEntryV2 } | null> {
  const v2 = auditRecordSchema.safeParse(record);
  if (v2.success) return { seq: v2.data.seq, hash: await recordHash(v2.data), entry: v2.data.entry };
  const v1 = auditEntrySchema.safeParse((record as { entry?: unknown } | null)?.entry);
  return v1.success ? { seq: v1.data.seq, hash: await entryHash(v1.data), entry: v1.data } : null;
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
  const { devices } = await vaultDeviceTrust({ api, store, identities: input.identities }, vaultId);
  let verification: ChainReport | null = null;
  if (input.verify) {
    const known = await store.getAuditHead(vaultId);
    // Only verifies: the remembered head (with what it has seen of items) is the engine's to move, after
    // its own checks of the records since it last looked.
    verification = await verifyChain(records, { vaultId, devices, known: known ?? undefined });
    if (verification.ok) {
      // From the start of the chain, every item's writes must follow one another (item-history.ts).
      const v2 = v2Records(records);
      const history = followItemHistory(v2, { proofs: new Map(), upgraded: false });
      if (!history.ok) verification = await historyBreak(history, v2, EMPTY_HEAD);
    }
  }
  const entries: AuditLogEntry[] = [];
  for (const record of records) {
    const found = await entryOf(record);
    if (!found) continue;
    const { seq, hash, entry } = found;
    const detail = await (entry.v === 2 ? openAuditDetailV2(entry, keyring) : openAuditDetail(entry, keyring)).catch(() => ({ unreadable: true }));
    entries.push({
      seq,
      hash,
      at: new Date(entry.ts).toISOString(),
      action: entry.action,
      item: entry.item,
      device: devices.get(entry.device)?.name ?? entry.device,
      account: certifiedAccount(devices.get(entry.device)),
      detail,
      proof: PROOF_ACTIONS.has(entry.action),
    });
  }
  return { entries, verification };
}

/** Only a certificate the account signed names who acted; the server's device list alone does not. */
function certifiedAccount(device: { certified?: boolean; accountId?: string } | undefined): string | null {
  return device?.certified && device.accountId ? device.accountId : null;
}

/** The entries a member's devices signed (`account` as the roster names them), for "filter by member". */
export function entriesBy<T extends { account: string | null }>(entries: readonly T[], accountId: string): T[] {
  return entries.filter((e) => e.account === accountId);
}
