/**
 * The keys the server checks a device's audit entries with: its registered key, and the keys it
 * rotated away from, each only for entries stamped before its retirement (docs/crypto.md §20). An
 * entry a device signed and queued before it rotated its key still lands; one signed with the old key
 * afterwards does not. The certificates were verified when they were stored; clients verify them again.
 */
import type { Sql } from 'postgres';
import type { DeviceRecord } from '../shared/audit/verify.js';
import { deviceCertificateSchema, type DeviceCertificate } from '../shared/identity/certificate.js';
import { deviceKeyHistory, retirementsOf } from '../shared/identity/device-keys.js';
import { signerKeys } from '../shared/sync/device-trust.js';
import type { Tx } from './db/transaction.js';

export async function deviceSigner(sql: Sql, who: { deviceId: string; accountId: string }): Promise<DeviceRecord & { registeredKey: string }> {
  const [device] = await sql<{ signing_public_key: string; certificate: string | null; earlier_certificates: string[] }[]>`
    select signing_public_key, certificate, earlier_certificates from devices where id = ${who.deviceId}`;
  const certificates = [device!.certificate, ...device!.earlier_certificates].flatMap((text): DeviceCertificate[] => {
    const parsed = text === null ? null : deviceCertificateSchema.safeParse(parseJson(text));
    return parsed?.success ? [parsed.data] : [];
  });
  const keys = await signerKeys(device!.signing_public_key, retirementsOf(deviceKeyHistory(certificates)));
  return {
    // A registered key that was retired before (it came back) signs nothing stamped from then on, as clients read it.
    ...keys,
    revokedAt: null,
    accountId: who.accountId,
    certified: true,
    registeredKey: device!.signing_public_key,
  };
}

export type DeviceSigner = Awaited<ReturnType<typeof deviceSigner>>;

/**
 * Inside the transaction that appends a device's entries: holds its row against a key rotation until
 * the append commits, so a rotation either sees this append (and certifies after it) or comes first.
 * Returns null when the key is still the one the signatures were checked with, or the signer read again
 * when a rotation landed in between: the caller checks the entries again with it.
 */
export async function holdDeviceKey(tx: Tx, who: { deviceId: string; accountId: string }, checked: DeviceSigner): Promise<DeviceSigner | null> {
  const [row] = await tx<{ signing_public_key: string }[]>`select signing_public_key from devices where id = ${who.deviceId} for share`;
  return row?.signing_public_key === checked.registeredKey ? null : deviceSigner(tx, who);
}

/** A stored statement that is not JSON is no certificate (it verifies nothing), not a failed request. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
