/**
 * What the sync engine needs from local storage. The extension provides it over Dexie, the CLI over a
 * file, tests in memory. Everything in it is ciphertext or bookkeeping: no plaintext is ever stored.
 *
 * An item is its last known server state (`base`) plus, when the user changed it locally and the
 * server has not acknowledged that yet, a `pending` write. `pending` is the outbox: it is cleared only
 * by the server's "ok", so a failed push loses nothing.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS_V2, type AuditActionV2 } from '../audit/record.js';

export const serverStateSchema = z.strictObject({ revision: z.number().int().nonnegative(), blob: z.string().nullable(), deleted: z.boolean() });
export type ServerState = z.infer<typeof serverStateSchema>;

/** The newest write of an item that the verified audit chain names (docs/crypto.md §22). */
export const itemProofSchema = z.strictObject({
  rev: z.number().int().positive(),
  hash: z.string().nullable(),
  deleted: z.boolean(),
  /** The record's place in the chain. */
  seq: z.number().int().positive(),
});
export type ItemProof = z.infer<typeof itemProofSchema>;

export const localItemSchema = z.strictObject({
  vaultId: z.string(),
  itemId: z.string(),
  base: serverStateSchema.nullable(),
  /** A local write not yet acknowledged; `blob: null` is a delete. */
  pending: z.strictObject({ blob: z.string().nullable(), queuedAt: z.string() }).nullable(),
  proof: itemProofSchema.nullable().optional(),
});
export type LocalItem = z.infer<typeof localItemSchema>;

/**
 * A queued audit entry. Since v2 it is the signed entry itself (`entry`: its detail already sealed
 * under the vault key, so nothing a user typed waits in plaintext); `action`, `itemId` and `at` are a
 * copy for showing the queue. Intents queued by an older version carry a plaintext `detail` instead
 * and are signed when they are sent.
 */
export const auditIntentSchema = z.strictObject({
  id: z.string(),
  vaultId: z.string(),
  action: z.enum(AUDIT_ACTIONS_V2),
  itemId: z.string().nullable(),
  detail: z.unknown().optional(),
  at: z.string(),
  entry: z.unknown().optional(),
});
export type AuditIntent = z.infer<typeof auditIntentSchema> & { action: AuditActionV2 };

/** The newest head of a vault's chain this device verified, and whether the chain had moved to v2 there. */
export const chainHeadSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  ts: z.number().int().nonnegative(),
  format: z.union([z.literal(1), z.literal(2)]).optional(),
  /** The verified chain holds a `vault.upgrade` record: from there on it names every item write. */
  items: z.boolean().optional(),
  /**
   * Ids of the newest v2 entries verified (up to RECENT_ENTRY_IDS), so a record replayed later is a
   * duplicate to a device that checks only what is new; older replays are caught by a full verification.
   */
  recent: z.array(z.string()).max(1024).optional(),
  /** Revocation times (ms) from signed revocations this device has seen, by device: a server that stops listing one is not believed. */
  revoked: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Key retirements (ms) from device certificates this device has seen, by device and key (base64url SPKI). */
  retired: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).optional(),
  /** Access tokens a verified `token.revoke` entry named, with its time (ms): a server that lists one as live again is not believed. */
  tokensRevoked: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** The server's ids of the token events the verified chain holds (the newest TOKEN_EVENT_IDS): one served again is not signed again. */
  tokenEvents: z.array(z.number().int().nonnegative()).max(4096).optional(),
});
export const TOKEN_EVENT_IDS = 4096;
export const RECENT_ENTRY_IDS = 1024;
export type KnownHead = z.infer<typeof chainHeadSchema>;

/** A vault's summary index, sealed (docs/crypto.md §26): a local cache, never the truth. */
export const summaryCacheSchema = z.strictObject({ sealed: z.string().min(1) });
export type SummaryCache = z.infer<typeof summaryCacheSchema>;

export type ItemPutListener = (vaultId: string, itemId: string) => void;

/** Listeners of item puts, for a store to call after each put it made. */
export class PutListeners {
  private readonly listeners = new Set<ItemPutListener>();
  add(listener: ItemPutListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  tell(vaultId: string, itemId: string): void {
    for (const listener of this.listeners) listener(vaultId, itemId);
  }
}

export interface LocalStore {
  getItem(vaultId: string, itemId: string): Promise<LocalItem | null>;
  listItems(vaultId: string): Promise<LocalItem[]>;
  /**
   * The items of a vault with a pending write: the outbox. Kept by the store as an index beside the
   * items, so finding what to push costs the size of the outbox, not of the vault.
   */
  pendingItems(vaultId: string): Promise<LocalItem[]>;
  putItem(item: LocalItem): Promise<void>;
  /** Calls `listener` after every put of an item from now on (this process only); returns the unsubscribe. */
  onItemPut(listener: ItemPutListener): () => void;
  /** How many items of the vault wait in the outbox, without reading them. */
  countPending(vaultId: string): Promise<number>;
  getSummaryCache(vaultId: string): Promise<SummaryCache | null>;
  /** Stores a vault's sealed summary index; null removes it (after an account-key rotation). */
  setSummaryCache(vaultId: string, cache: SummaryCache | null): Promise<void>;
  getCursor(vaultId: string): Promise<number>;
  setCursor(vaultId: string, cursor: number): Promise<void>;
  auditOutbox(): Promise<AuditIntent[]>;
  addAuditIntent(intent: AuditIntent): Promise<void>;
  removeAuditIntent(id: string): Promise<void>;
  /** The newest audit head this device has seen for a vault, to catch a server that rolls it back. */
  getAuditHead(vaultId: string): Promise<KnownHead | null>;
  setAuditHead(vaultId: string, head: KnownHead): Promise<void>;
}

/** The current local view of an item: the pending write if there is one, else the server's. */
export function currentBlob(item: LocalItem): string | null {
  if (item.pending) return item.pending.blob;
  return item.base && !item.base.deleted ? item.base.blob : null;
}
