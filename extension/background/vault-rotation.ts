/**
 * Rotating a vault key from the browser (after a member is removed): the core's resumable rotation
 * re-wraps every item as pending writes the next sync pushes, the keyring and the rotation's progress
 * are saved in the profile after every batch, and the new version goes to the members of the freshly
 * checked roster only. A browser closed half-way finishes the rotation at its next unlock.
 */
import {
  localRotationStore,
  publishKeyVersion,
  rewrapTokensAfterRotation,
  runKeyRotation,
  type Roster,
  type RotationResult,
  type RotationState,
  type RotationStore,
  type TeamActor,
} from '../../shared/index.js';
import { updateProfile } from '../db/database.js';
import { browserTokenAdminKey } from './token-admin-key.js';
import type { AccountContext } from './context.js';

function rotationStore(ctx: AccountContext, vaultId: string): RotationStore {
  const profile = async () => (await ctx.db.profile.get('main'))!;
  return localRotationStore(ctx.store, vaultId, {
    async loadRotation() {
      return ((await profile()).rotations?.[vaultId] as RotationState | undefined) ?? null;
    },
    async saveRotation(state) {
      await updateProfile(ctx.db, (p) => {
        const { [vaultId]: _done, ...others } = p.rotations ?? {};
        return { ...p, rotations: state ? { ...others, [vaultId]: state } : others };
      });
    },
    async loadKeyring() {
      return (await ctx.vaults.find(vaultId)).keyring;
    },
    saveKeyring: (record) => ctx.vaults.setKeyring(vaultId, record),
  });
}

/**
 * Rotates (or finishes an interrupted rotation): the new version goes to the members of the roster
 * `share` reads then, before anything is written under it; every step is in the vault's signed chain
 * (shared/sync/key-rotation-flow.ts).
 */
export async function rotateAndShare(ctx: AccountContext, vaultId: string, share: (() => Promise<{ actor: TeamActor; roster: Roster }>) | null): Promise<RotationResult> {
  try {
    const result = await runKeyRotation({
      audit: ctx.engine,
      store: rotationStore(ctx, vaultId),
      vaultId,
      accountKey: ctx.account.accountKey,
      onProgress: (p) => ctx.progress({ label: 'Re-encrypting the vault under its new key', done: p.done, total: p.total }),
      // Before any item is re-wrapped, and again on a resume: nothing is ever written under a version the others lack.
      publish: async (toVersion, record) => {
        const team = share ? await share() : null;
        if (!ctx.api) return;
        await publishKeyVersion(ctx.api, { accountId: ctx.account.accountId, record, version: toVersion, team });
        // Live access tokens follow: their descriptions move to the new version, vault-wide ones get its key
        // (not those this device knows were revoked, whatever the server lists).
        const adminKey = browserTokenAdminKey(ctx.db, ctx.account, async () => ctx.team);
        const revokedInChain = await ctx.engine.tokensRevokedInChain(vaultId);
        await rewrapTokensAfterRotation(ctx.api, ctx.account.accountKey, record, toVersion, (accountId) => adminKey(vaultId, accountId), { revokedInChain });
      },
    });
    ctx.afterWrite();
    return result!;
  } finally {
    ctx.progress(null);
  }
}

/** The vaults with a rotation that a closed browser or a failure cut short. */
export function interruptedRotations(ctx: AccountContext): string[] {
  return Object.keys(ctx.profile.rotations ?? {}).filter((id) => ctx.vaults.keyrings.has(id));
}
