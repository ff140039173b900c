/**
 * Sending queued audit entries (v2, docs/crypto.md §21). Entries are signed when they are queued (on the
 * newest head this device had verified) with their detail sealed, and sent as they are, a batch per
 * request: the server gives them their places, so devices no longer race for the chain's head (v1 made
 * the loser sign again; decision #48). An intent queued by an older version (a plaintext detail) is
 * signed here, on the head this device verified last.
 */
import { EMPTY_HEAD } from '../audit/entry.js';
import { auditEntryV2Schema, signEntryV2, type AuditEntryV2 } from '../audit/record.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import type { AuditIntent, LocalStore } from './store.js';

export interface AuditPushContext {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  device: { deviceId: string; accountId: string };
  /** Signs with the device's current key (the engine's signing gate). */
  sign<T>(sign: (key: DeviceSigningKey) => Promise<T>): Promise<T>;
}

/** The entry an intent stands for: the one signed when it was queued, or one signed now (older queues). */
export async function entryOf(ctx: AuditPushContext, intent: AuditIntent): Promise<AuditEntryV2> {
  const queued = auditEntryV2Schema.safeParse(intent.entry);
  if (queued.success) return queued.data;
  const seen = (await ctx.store.getAuditHead(intent.vaultId)) ?? EMPTY_HEAD;
  const keyring = intent.detail === undefined ? undefined : await ctx.keyringFor(intent.vaultId);
  return ctx.sign((signingKey) =>
    signEntryV2(
      { vaultId: intent.vaultId, deviceId: ctx.device.deviceId, actorId: ctx.device.accountId, action: intent.action, itemId: intent.itemId, detail: intent.detail },
      seen,
      new Date(intent.at),
      signingKey,
      keyring,
    ),
  );
}

/** Appends one vault's queued intents, oldest first, and removes each batch once the server took it. */
export async function pushVaultAudit(ctx: AuditPushContext, vaultId: string, intents: AuditIntent[]): Promise<number> {
  let appended = 0;
  for (let i = 0; i < intents.length; i += PROTOCOL_LIMITS.auditEntries) {
    const batch = intents.slice(i, i + PROTOCOL_LIMITS.auditEntries);
    const entries = await Promise.all(batch.map((intent) => entryOf(ctx, intent)));
    // A batch sent again after a lost answer is harmless: the server skips entries it already holds.
    await ctx.api.appendAudit(vaultId, entries);
    for (const intent of batch) await ctx.store.removeAuditIntent(intent.id);
    appended += batch.length;
  }
  return appended;
}

