/**
 * Device-key rotation as both clients run it (docs/crypto.md §20, docs/decisions.md #89). The device
 * keeps its id; its account certifies a new signing key, and the old key is retired at the new
 * certificate's `issuedAt`: it still verifies what it signed before, and nothing after.
 *
 *   1. Prepare: a new key pair, kept as the pending rotation (the host stores it as it stores the
 *      device's key). Nothing has left the device.
 *   2. Publish, with the engine's signing paused: read the server's current certificate of this device.
 *      If it already names the pending key (an earlier attempt landed, its answer lost), that
 *      certificate stands: its time may already be remembered by other devices, so it never moves.
 *      Otherwise certify the new key with a time after every entry the old key may have stamped and
 *      send it; a lost answer is read back. Then switch the local key, and sign again with the new key
 *      any queued entry the old key stamped at or after the certificate's time, before anything else
 *      is signed. A refusal leaves the pending key for the next try, which certifies it afresh (the
 *      server never held that certificate, so no one saw its time).
 *   3. Record it in each vault's chain, signed with the new key.
 * A crash before step 2's switch resumes from the pending key; the old key goes on signing meanwhile,
 * and what it stamps after a certificate that did land is signed again at the resume.
 */
import type { DeviceSigningKey, IdentitySigningKey, IdentityVerifyKey } from '../crypto/keys.js';
import { fingerprint } from '../crypto/fingerprint.js';
import { fromBase64url } from '../encoding.js';
import { failureCode, SyncError, VaultError } from '../errors.js';
import { certifyDevice, readCertificate, type DeviceCertificate } from '../identity/certificate.js';
import { MAX_CERTIFICATE_AHEAD_MS } from '../identity/device-keys.js';
import type { ApiClient } from './api-client.js';

export interface PendingDeviceKey {
  publicSpki: string;
  signingKey: DeviceSigningKey;
}

export interface DeviceKeyRotationHost {
  accountId: string;
  deviceId: string;
  identity: IdentitySigningKey;
  /** The vaults whose chains this device signs in (each gets the rotation recorded). */
  vaultIds: string[];
  /** Checks a certificate the server says it holds: only one this account signed counts. */
  identityVerifyKey: IdentityVerifyKey;
  engine: {
    replaceSigningKey(vaultIds: string[], publish: (lastStamped: number) => Promise<{ key: DeviceSigningKey; retiredAt: number } | null>): Promise<DeviceSigningKey | null>;
  };
  loadPending(): Promise<PendingDeviceKey | null>;
  /** Keeps a new key pair until it is committed (so a crash after the publish still has it). */
  savePending(pending: PendingDeviceKey): Promise<void>;
  newKeyPair(): Promise<PendingDeviceKey>;
  /** Makes the pending key the device's key, with its certificate, and clears the pending state, in one write. */
  commit(pending: PendingDeviceKey, certificate: DeviceCertificate): Promise<void>;
  audit(detail: Record<string, unknown>): Promise<void>;
  now?(): Date;
}

export interface DeviceKeyRotationResult {
  publicSpki: string;
  certificate: DeviceCertificate;
}

export async function rotateDeviceKey(api: ApiClient, host: DeviceKeyRotationHost, options: { resumeOnly?: boolean } = {}): Promise<DeviceKeyRotationResult | null> {
  let pending = await host.loadPending();
  if (!pending && options.resumeOnly) return null;
  const now = () => host.now?.() ?? new Date();
  try {
    if (!pending) {
      pending = await host.newKeyPair();
      await host.savePending(pending);
      await host.audit({ phase: 'start', scope: 'device-key' });
    }
    const key = pending;
    let certificate: DeviceCertificate | null = null;
    await host.engine.replaceSigningKey(host.vaultIds, async (lastStamped) => {
      const served = await currentCertificate(api, host);
      const cert = served?.key === key.publicSpki ? served : await certifyAndPublish(api, host, key, lastStamped, served?.issuedAt ?? 0, now().getTime());
      await host.commit(key, cert);
      certificate = cert;
      return { key: key.signingKey, retiredAt: cert.issuedAt };
    });
    await host.audit({ phase: 'done', scope: 'device-key', key: await fingerprint(fromBase64url(key.publicSpki)) });
    return { publicSpki: key.publicSpki, certificate: certificate! };
  } catch (error) {
    await host.audit({ phase: 'failed', scope: 'device-key', reason: failureCode(error) }).catch(() => undefined);
    throw error;
  }
}

/** A certificate of the new key after everything the old one stamped, sent to the server. */
async function certifyAndPublish(api: ApiClient, host: DeviceKeyRotationHost, key: PendingDeviceKey, lastStamped: number, notBefore: number, at: number): Promise<DeviceCertificate> {
  // The old key counts until this time: one far ahead of the clock would leave it signing (for a
  // thief of it too) until then, so the rotation stops instead, saying why.
  if (notBefore >= at + MAX_CERTIFICATE_AHEAD_MS) {
    throw new SyncError('bad-response', 'the server lists a certificate of this device issued in the future; not certifying the new key after it');
  }
  if (lastStamped >= at + MAX_CERTIFICATE_AHEAD_MS) {
    throw new VaultError('invalid-state', "an audit entry this device holds is stamped in the future (a device's clock is ahead); the old key would count until then, so it is not rotated now");
  }
  const issuedAt = Math.max(at, lastStamped + 1, notBefore + 1);
  const cert = await certifyDevice(host.identity, { accountId: host.accountId, deviceId: host.deviceId, deviceSpki: fromBase64url(key.publicSpki), now: new Date(issuedAt) });
  await publish(api, host, cert);
  return cert;
}

/** Sends the certificate; an unknown outcome is read back, so the caller switches keys only when the server has it. */
async function publish(api: ApiClient, host: DeviceKeyRotationHost, cert: DeviceCertificate): Promise<void> {
  const text = JSON.stringify(cert);
  try {
    await api.rotateDeviceKey(host.deviceId, text);
  } catch (error) {
    if (error instanceof SyncError && (error.code === 'rejected' || error.code === 'forbidden' || error.code === 'conflict')) throw error;
    const held = await currentCertificate(api, host).catch(() => null);
    if (held?.sig !== cert.sig) throw error;
  }
}

/** The certificate the server lists as this device's current one, if this account signed it (its time is a floor for the next). */
async function currentCertificate(api: ApiClient, host: Pick<DeviceKeyRotationHost, 'deviceId' | 'accountId' | 'identityVerifyKey'>): Promise<DeviceCertificate | null> {
  const own = (await api.devices()).devices.find((d) => d.id === host.deviceId);
  return own ? readCertificate(own.certificate, { accountId: host.accountId, deviceId: host.deviceId }, host.identityVerifyKey) : null;
}
