/**
 * Who may sign for an account (docs/crypto.md §20). A device's signing key counts only with a
 * certificate that the account's identity signing key made, and a device stops counting only through a
 * revocation that key signed: the server's device list is a cache of these statements, never the
 * source of trust, so a device row the server inserts signs for nobody.
 *
 *   certificate = { v: 2, kind: "device-certificate", account, device, key: b64url(SPKI), issuedAt, sig }
 *   revocation  = { v: 2, kind: "device-revocation",  account, device, revokedAt, sig }
 */
import { z } from 'zod';
import { toBase64url } from '../encoding.js';
import type { IdentitySigningKey, IdentityVerifyKey } from '../crypto/keys.js';
import { signRecord, verifyRecord } from '../crypto/signature.js';
import { idSchema } from './ids.js';

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const ms = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const deviceCertificateSchema = z.strictObject({
  v: z.literal(2),
  kind: z.literal('device-certificate'),
  account: idSchema,
  device: idSchema,
  key: b64.min(64).max(400),
  issuedAt: ms,
  sig: b64.length(86),
});
export type DeviceCertificate = z.infer<typeof deviceCertificateSchema>;

export const deviceRevocationSchema = z.strictObject({
  v: z.literal(2),
  kind: z.literal('device-revocation'),
  account: idSchema,
  device: idSchema,
  revokedAt: ms,
  sig: b64.length(86),
});
export type DeviceRevocation = z.infer<typeof deviceRevocationSchema>;

export function certifyDevice(
  identity: IdentitySigningKey,
  input: { accountId: string; deviceId: string; deviceSpki: Uint8Array<ArrayBuffer>; now: Date },
): Promise<DeviceCertificate> {
  return signRecord(
    { v: 2 as const, kind: 'device-certificate' as const, account: input.accountId, device: input.deviceId, key: toBase64url(input.deviceSpki), issuedAt: input.now.getTime() },
    identity,
  );
}

export function revokeDeviceStatement(identity: IdentitySigningKey, input: { accountId: string; deviceId: string; now: Date }): Promise<DeviceRevocation> {
  return signRecord({ v: 2 as const, kind: 'device-revocation' as const, account: input.accountId, device: input.deviceId, revokedAt: input.now.getTime() }, identity);
}

/** The certificate, if it is one, for this account and device, and signed by this identity; else null. */
export async function readCertificate(text: string | null, expected: { accountId: string; deviceId: string }, identity: IdentityVerifyKey): Promise<DeviceCertificate | null> {
  const cert = deviceCertificateSchema.safeParse(safeJson(text));
  if (!cert.success || cert.data.account !== expected.accountId || cert.data.device !== expected.deviceId) return null;
  return (await verifyRecord(cert.data, identity)) ? cert.data : null;
}

export async function readRevocation(text: string | null, expected: { accountId: string; deviceId: string }, identity: IdentityVerifyKey): Promise<DeviceRevocation | null> {
  const statement = deviceRevocationSchema.safeParse(safeJson(text));
  if (!statement.success || statement.data.account !== expected.accountId || statement.data.device !== expected.deviceId) return null;
  return (await verifyRecord(statement.data, identity)) ? statement.data : null;
}

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
