/**
 * Sending queued audit intents: each vault's queue is signed into entries on the server's current head
 * and appended in batches (one request for up to PROTOCOL_LIMITS.auditEntries entries). When another
 * device appended first, the server answers `audit-head-moved` with its head, and the batch is signed
 * again on top of it after a jittered pause, so that many devices losing the same race do not all come
 * back at the same instant and lose it again (docs/decisions.md #48).
 */
import { buildAuditEntry, headAfter, signAuditEntry, type AuditEntry, type ChainHead } from '../audit/entry.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import { SyncError } from '../errors.js';
import { auditHeadSchema } from '../protocol/api.js';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import { backoffDelay } from './backoff.js';
import type { AuditIntent, LocalStore } from './store.js';

export const AUDIT_ATTEMPTS = 12;

export interface AuditPushContext {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  device: { deviceId: string; accountId: string; signingKey: DeviceSigningKey };
  /** The server's head, checked against the newest head this device has seen (a rollback throws). */
  serverHead(vaultId: string): Promise<ChainHead>;
  /** The same check for a head the server offered after a lost race. */
  checkHead(vaultId: string, head: ChainHead): Promise<ChainHead>;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Signs `intents` one after another on `head`: the batch is a chain of its own that continues the vault's. */
async function signBatch(ctx: AuditPushContext, vaultId: string, intents: AuditIntent[], head: ChainHead): Promise<AuditEntry[]> {
  const keyring = intents.some((i) => i.detail !== undefined) ? await ctx.keyringFor(vaultId) : undefined;
  const entries: AuditEntry[] = [];
  for (const intent of intents) {
    const unsigned = await buildAuditEntry(
      { vaultId, deviceId: ctx.device.deviceId, actorId: ctx.device.accountId, action: intent.action, itemId: intent.itemId, detail: intent.detail },
      head,
      // When the action happened; buildAuditEntry keeps ts at or above the head's.
      new Date(intent.at),
      keyring,
    );
    const entry = await signAuditEntry(unsigned, ctx.device.signingKey);
    entries.push(entry);
    head = await headAfter(entry);
  }
  return entries;
}

function movedHead(error: unknown): ChainHead | null {
  if (!(error instanceof SyncError) || error.server?.code !== 'audit-head-moved') return null;
  const parsed = auditHeadSchema.safeParse((error.server.details as { head?: unknown } | undefined)?.head);
  return parsed.success ? parsed.data : null;
}

/** Appends one vault's queued intents, oldest first; returns how many were appended. */
export async function pushVaultAudit(ctx: AuditPushContext, vaultId: string, intents: AuditIntent[]): Promise<number> {
  const sleep = ctx.sleep ?? defaultSleep;
  let head = await ctx.serverHead(vaultId);
  let appended = 0;
  for (let i = 0; i < intents.length; i += PROTOCOL_LIMITS.auditEntries) {
    const batch = intents.slice(i, i + PROTOCOL_LIMITS.auditEntries);
    for (let attempt = 0; ; attempt++) {
      const entries = await signBatch(ctx, vaultId, batch, head);
      try {
        await ctx.api.appendAudit(vaultId, entries);
        head = await headAfter(entries.at(-1)!);
        break;
      } catch (error) {
        const next = movedHead(error);
        if (!next || attempt + 1 >= AUDIT_ATTEMPTS) throw error;
        head = await ctx.checkHead(vaultId, next);
        await sleep(backoffDelay(attempt, { baseMs: 25, maxMs: 2000 }));
      }
    }
    await ctx.store.setAuditHead(vaultId, head);
    for (const intent of batch) await ctx.store.removeAuditIntent(intent.id);
    appended += batch.length;
  }
  return appended;
}
