/**
 * Which devices may sign for whom, from the statements accounts signed, not from the server's word
 * (docs/crypto.md §20). A device listed by the server counts as its account's only with a certificate
 * that account's identity signing key made; its revocation time is the one in a signed revocation
 * (a revocation the server reports without a statement is believed too: it can only make a client
 * more careful). A device without a certificate is kept as "legacy": its key is the server's word, good
 * only for v1 entries written before the vault moved to v2, and reported as such.
 */
import type { DeviceRecord } from '../audit/verify.js';
import { importDeviceVerifyKey } from '../crypto/asymmetric.js';
import type { IdentityVerifyKey } from '../crypto/keys.js';
import { fromBase64url } from '../encoding.js';
import { certificateKey, readCertificate, readRevocation } from '../identity/certificate.js';
import type { z } from 'zod';
import type { deviceSchema } from '../protocol/api.js';

export type ListedDevice = z.infer<typeof deviceSchema>;
export type TrustedDevice = DeviceRecord & {
  name: string;
  /** The revocation time from a statement the account signed (not the server's word alone). */
  signedRevokedAt: number | null;
};

export async function trustedDevices(listed: readonly ListedDevice[], identities: ReadonlyMap<string, IdentityVerifyKey>): Promise<Map<string, TrustedDevice>> {
  const out = new Map<string, TrustedDevice>();
  for (const d of listed) {
    const identity = identities.get(d.accountId);
    const expected = { accountId: d.accountId, deviceId: d.id };
    const cert = identity ? await readCertificate(d.certificate, expected, identity) : null;
    const revocation = identity ? await readRevocation(d.revocation, expected, identity) : null;
    const revokedAt = revocation?.revokedAt ?? (d.revokedAt ? Date.parse(d.revokedAt) : null);
    try {
      const verifyKey = await importDeviceVerifyKey(cert ? certificateKey(cert) : fromBase64url(d.signingPublicKey));
      out.set(d.id, { name: d.name, verifyKey, revokedAt, accountId: d.accountId, certified: cert !== null, signedRevokedAt: revocation?.revokedAt ?? null });
    } catch {
      // A key that is not a key signs nothing: the device is left out, and its entries fail as unknown.
    }
  }
  return out;
}

/**
 * Adds the signed revocations this device remembers (the earlier of two times wins) and returns every
 * signed revocation now known, to remember: a server that later drops a revocation from its list does not
 * make the revoked device's entries count again.
 */
export function withRemembered(devices: Map<string, TrustedDevice>, remembered: Readonly<Record<string, number>> = {}): Record<string, number> {
  const known: Record<string, number> = { ...remembered };
  for (const [id, device] of devices) {
    const at = Math.min(device.signedRevokedAt ?? Infinity, remembered[id] ?? Infinity);
    if (!Number.isFinite(at)) continue;
    known[id] = at;
    devices.set(id, { ...device, revokedAt: Math.min(device.revokedAt ?? Infinity, at), signedRevokedAt: at });
  }
  return known;
}
