/**
 * A vault-key rotation as both clients run it: start or resume the core's resumable rotation, hand
 * the new version out before the rotation counts as finished, and record every step in the vault's
 * signed chain (docs/crypto.md §12): start or resume, checkpoints, completion, failure with its reason.
 */
import type { AuditActionV2 } from '../audit/record.js';
import type { AccountKey } from '../crypto/keys.js';
import { DEFAULT_ROTATION_BATCH, resumeVaultKeyRotation, rotateVaultKey, rotationStateSchema, type RotationProgress, type RotationResult, type RotationStore } from '../vault/rotation.js';
import { vaultKeyringRecordSchema, type VaultKeyringRecord } from '../vault/keyring.js';
import { failureCode } from '../errors.js';
import { parseOrThrow } from '../util/parse.js';

export interface KeyRotationFlow {
  audit: { recordAudit(vaultId: string, action: AuditActionV2, itemId: string | null, detail: Record<string, unknown>): Promise<unknown> };
  store: RotationStore;
  vaultId: string;
  accountKey: AccountKey;
  /** Hands the new version to the server and the members before anything uses it; runs again on resume until it succeeds. */
  publish: (toVersion: number, record: VaultKeyringRecord) => Promise<void>;
  onProgress?: (progress: RotationProgress) => void;
  batchSize?: number;
}

/** Rotates, or finishes an interrupted rotation; with `resumeOnly`, returns null when nothing was pending. */
export async function runKeyRotation(flow: KeyRotationFlow, options: { resumeOnly?: boolean } = {}): Promise<RotationResult | null> {
  const saved = await flow.store.loadRotation(flow.vaultId);
  const pending = saved ? parseOrThrow(rotationStateSchema, saved, 'rotation state') : null;
  if (!pending && options.resumeOnly) return null;
  // A retry on every command start (CLI) records nothing until it gets somewhere: no entry per attempt.
  const quiet = Boolean(options.resumeOnly);
  const record = (detail: Record<string, unknown>) => flow.audit.recordAudit(flow.vaultId, 'vault.key-rotate', null, detail);
  if (pending && !quiet) await record({ phase: 'resume', toVersion: pending.toVersion, rewrapped: pending.rewrapped });
  else if (!pending) await record({ phase: 'start', fromVersion: parseOrThrow(vaultKeyringRecordSchema, await flow.store.loadKeyring(flow.vaultId), 'vault keyring').current });

  const batch = flow.batchSize ?? DEFAULT_ROTATION_BATCH;
  let quarter = 0;
  const rotation = {
    store: flow.store,
    vaultId: flow.vaultId,
    accountKey: flow.accountKey,
    batchSize: batch,
    publish: flow.publish,
    onProgress: async (p: RotationProgress) => {
      flow.onProgress?.(p);
      // A checkpoint at each quarter of a rotation long enough to be interrupted, never at the end.
      const reached = Math.floor((4 * p.done) / Math.max(1, p.total));
      if (p.total > batch && reached > quarter && p.done < p.total) {
        quarter = reached;
        await record({ phase: 'checkpoint', toVersion: p.toVersion, done: p.done, total: p.total });
      }
    },
  };
  try {
    const finished = { ...rotation, onFinished: (r: RotationResult) => record({ phase: 'done', toVersion: r.toVersion, rewrapped: r.rewrapped }) };
    return pending ? await resumeVaultKeyRotation(finished) : await rotateVaultKey(finished);
  } catch (error) {
    // A code, never the error's text: a server's words must not be signed into the chain as this device's.
    if (!quiet) await record({ phase: 'failed', reason: failureCode(error) }).catch(() => undefined);
    throw error;
  }
}
