/**
 * Rotating this device's signing key from the CLI (shared/sync/device-key-rotation.ts). The home's
 * state is the host: the pending key is kept in it wrapped under the account key like the device key
 * itself, so a killed run is finished by the next command, and the write that ends the rotation makes
 * it the device key.
 */
import { fromBase64url, generateDeviceKey, openSigningIdentity, rotateDeviceKey, toBase64url, unwrapDeviceKey, wrapDeviceKey, type DeviceKeyRotationResult } from '../shared/index.js';
import { CliError } from './errors.js';
import type { CliVault } from './vault.js';

export async function rotateDeviceKeyHere(vault: CliVault, options: { resumeOnly?: boolean } = {}): Promise<DeviceKeyRotationResult | null> {
  const { state } = vault;
  const { accountId, accountKey } = vault.account;
  if (!state.signing) throw new CliError('not-signed-in', 'this home has no identity signing key yet: run `keyhaven sync` first');
  const identity = await openSigningIdentity(state.signing, accountKey, accountId);
  const engine = await vault.engine();
  const remote = state.vaults.filter((v) => v.remote).map((v) => v.id);
  return rotateDeviceKey(
    await vault.api(),
    {
      accountId,
      deviceId: state.device.id,
      identity: identity.signingKey,
      identityVerifyKey: identity.verifyKey,
      vaultIds: remote,
      engine,
      loadPending: async () =>
        state.deviceRotation
          ? { publicSpki: state.deviceRotation.publicSpki, signingKey: await unwrapDeviceKey(fromBase64url(state.deviceRotation.wrappedSigningKey), accountKey, accountId, state.device.id) }
          : null,
      newKeyPair: async () => {
        const pair = await generateDeviceKey({ extractable: true });
        return { publicSpki: toBase64url(pair.publicSpki), signingKey: pair.signingKey };
      },
      savePending: async (pending) => {
        state.deviceRotation = { publicSpki: pending.publicSpki, wrappedSigningKey: toBase64url(await wrapDeviceKey(pending.signingKey, accountKey, accountId, state.device.id)) };
        vault.save();
      },
      commit: async (pending) => {
        if (state.deviceRotation?.publicSpki !== pending.publicSpki) throw new CliError('corrupt-state', 'the pending device key changed during its rotation');
        state.device = { ...state.device, publicSpki: pending.publicSpki, wrappedSigningKey: state.deviceRotation.wrappedSigningKey };
        delete state.deviceRotation;
        vault.save();
      },
      audit: async (detail) => {
        for (const vaultId of remote) await engine.recordAudit(vaultId, 'vault.key-rotate', null, detail);
      },
    },
    options,
  );
}
