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
import { readCertificate, readRevocation, type DeviceCertificate } from '../identity/certificate.js';
import { deviceKeyHistory, retirementsOf, withRememberedRetirements, type KeyRetirement } from '../identity/device-keys.js';
import type { z } from 'zod';
import type { deviceSchema } from '../protocol/api.js';

export type ListedDevice = z.infer<typeof deviceSchema>;
export type TrustedDevice = DeviceRecord & {
  name: string;
  /** The revocation time from a statement the account signed (not the server's word alone). */
  signedRevokedAt: number | null;
  /**
   * The current key (base64url SPKI) and the keys its certificates retired, for remembering (the
   * current key too, when it came back after its retirement: then `keyRetiredAt` holds it).
   */
  key: string;
  retired: KeyRetirement[];
  /** When the current key was certified (ms); null without a certificate. */
  keySince: number | null;
};

export async function trustedDevices(listed: readonly ListedDevice[], identities: ReadonlyMap<string, IdentityVerifyKey>): Promise<Map<string, TrustedDevice>> {
  const out = new Map<string, TrustedDevice>();
  for (const d of listed) {
    const identity = identities.get(d.accountId);
    const expected = { accountId: d.accountId, deviceId: d.id };
    const certificates: DeviceCertificate[] = [];
    if (identity) {
      // Statements that do not verify are left out: at worst, older entries then fail to verify (visible).
      // The same text listed again is read once (a server repeating a certificate makes no more work).
      for (const text of new Set([d.certificate, ...(d.earlierCertificates ?? [])])) {
        const cert = await readCertificate(text, expected, identity);
        if (cert) certificates.push(cert);
      }
    }
    const history = deviceKeyHistory(certificates);
    const revocation = identity ? await readRevocation(d.revocation, expected, identity) : null;
    const revokedAt = revocation?.revokedAt ?? (d.revokedAt ? Date.parse(d.revokedAt) : null);
    try {
      const key = history ? history.current.key : d.signingPublicKey;
      // A key certified again after another key stays retired from its first retirement (and is remembered so).
      const retired = retirementsOf(history);
      out.set(d.id, { name: d.name, ...(await signerKeys(key, retired)), key, retired, keySince: history?.current.issuedAt ?? null, revokedAt, accountId: d.accountId, certified: history !== null, signedRevokedAt: revocation?.revokedAt ?? null });
    } catch {
      // A key that is not a key signs nothing: the device is left out, and its entries fail as unknown.
    }
  }
  return out;
}

/**
 * The keys a verifier checks a device's entries with (shared/audit/verify.ts): `key` now, and each key
 * in `retired` only for entries stamped before its time — `key` itself too, when it is listed there.
 * Throws when `key` is not a key; a retired one that is not verifies nothing.
 */
export async function signerKeys(key: string, retired: readonly KeyRetirement[]): Promise<Pick<DeviceRecord, 'verifyKey' | 'keyRetiredAt' | 'retiredKeys'>> {
  const retiredKeys = [];
  for (const r of retired) {
    if (r.key === key) continue;
    try {
      retiredKeys.push({ verifyKey: await importDeviceVerifyKey(fromBase64url(r.key)), retiredAt: r.retiredAt });
    } catch {
      // A certificate's key that is not a key verifies nothing.
    }
  }
  return { verifyKey: await importDeviceVerifyKey(fromBase64url(key)), keyRetiredAt: retired.find((r) => r.key === key)?.retiredAt ?? null, retiredKeys };
}

/**
 * Adds the key retirements this device remembers, by device and key (the earlier time wins), and
 * returns every retirement now known, to remember: a server that stops listing the certificate that
 * retired a key (to let a thief of that key sign as the device again) is not believed.
 */
export async function withRememberedKeys(devices: Map<string, TrustedDevice>, remembered: Readonly<Record<string, Record<string, number>>> = {}): Promise<Record<string, Record<string, number>>> {
  const known: Record<string, Record<string, number>> = { ...remembered };
  for (const [id, device] of devices) {
    if (device.retired.length === 0 && !remembered[id]) continue;
    const retired = withRememberedRetirements(device.retired, remembered[id]);
    known[id] = Object.fromEntries(retired.map((r) => [r.key, r.retiredAt]));
    devices.set(id, { ...device, ...(await signerKeys(device.key, retired)), retired: retired.filter((r) => r.key !== device.key) });
  }
  return known;
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
