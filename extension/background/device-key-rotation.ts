/**
 * Rotating this browser's device signing key (shared/sync/device-key-rotation.ts). The new key is a
 * non-extractable CryptoKey like the one it replaces; the profile row keeps it as the pending rotation
 * until the write that makes it the device key, so a closed browser finishes at the next unlock.
 */
import { generateDeviceKey, openSigningIdentity, rotateDeviceKey, toBase64url, type DeviceKeyRotationResult } from '../../shared/index.js';
import { updateProfile } from '../db/database.js';
import type { AccountContext } from './context.js';
import { BackgroundError } from './errors.js';

export async function rotateDeviceKeyInBrowser(ctx: AccountContext, options: { resumeOnly?: boolean } = {}): Promise<DeviceKeyRotationResult | null> {
  const { db, account, engine } = ctx;
  if (!ctx.api) throw new BackgroundError('no-server', "this browser's key signs only for a sync server; connect one in Settings first");
  if (!ctx.profile.signing) throw new BackgroundError('not-offered', 'this browser has no identity signing key yet: sync once, then try again');
  const identity = await openSigningIdentity(ctx.profile.signing, account.accountKey, account.accountId);
  const vaultIds = ctx.vaults.syncable();
  return rotateDeviceKey(
    ctx.api,
    {
      accountId: account.accountId,
      deviceId: ctx.profile.device.id,
      identity: identity.signingKey,
      identityVerifyKey: identity.verifyKey,
      vaultIds,
      engine,
      loadPending: async () => (await db.profile.get('main'))?.deviceRotation ?? null,
      savePending: async (pending) => void (await updateProfile(db, (p) => ({ ...p, deviceRotation: pending }))),
      newKeyPair: async () => {
        const pair = await generateDeviceKey({ extractable: false });
        return { publicSpki: toBase64url(pair.publicSpki), signingKey: pair.signingKey };
      },
      commit: async (pending) =>
        void (await updateProfile(db, (p) => ({ ...p, device: { ...p.device, publicSpki: pending.publicSpki, signingKey: pending.signingKey }, deviceRotation: undefined }))),
      audit: async (detail) => {
        for (const vaultId of vaultIds) await engine.recordAudit(vaultId, 'vault.key-rotate', null, detail);
      },
    },
    options,
  );
}
