/**
 * The account's devices: list them (with their certificates and revocations), store a device's
 * certificate, rotate a device's signing key (the earlier certificate is kept), rename a device, and
 * revoke a device (its sessions end at once; clients refuse its later audit entries).
 *
 * The server keeps these statements for clients; it checks them with the account's identity signing
 * key as an honest server would, but clients trust them only because they verify them themselves
 * (docs/crypto.md §20). Revoking needs the password as well as the statement: a session alone (say, a
 * stolen unlocked laptop) cannot lock its owner's other devices out.
 */
import { Hono } from 'hono';
import { importIdentityVerifyKey } from '../../shared/crypto/signing-identity.js';
import { fromBase64url } from '../../shared/encoding.js';
import { deviceCertificateSchema, readCertificate, readRevocation, type DeviceCertificate } from '../../shared/identity/certificate.js';
import { MAX_CERTIFICATE_AHEAD_MS, MAX_KEY_HISTORY } from '../../shared/identity/device-keys.js';
import { idSchema, putCertificateRequestSchema, renameDeviceRequestSchema, revokeDeviceRequestSchema } from '../../shared/protocol/api.js';
import { verifyAuthKey } from '../auth/secrets.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError, notFound, quotaExceeded } from '../errors.js';
import { session } from '../middleware/auth.js';
import { loginRateLimit } from '../middleware/rate-limit.js';
import { transaction } from '../db/transaction.js';
import { readJson, readParam } from '../validate.js';

export interface DeviceRow {
  id: string;
  account_id: string;
  name: string;
  signing_public_key: string;
  created_at: Date;
  revoked_at: Date | null;
  certificate: string | null;
  earlier_certificates: string[];
  revocation: string | null;
}

/** A stored certificate as JSON (not verified again: it was when stored), or null. */
function storedCertificate(text: string): DeviceCertificate | null {
  try {
    const parsed = deviceCertificateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function deviceJson(row: DeviceRow) {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    signingPublicKey: row.signing_public_key,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    certificate: row.certificate,
    earlierCertificates: row.earlier_certificates,
    revocation: row.revocation,
  };
}

export function deviceRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  /** The account's identity signing key, which every statement about its devices must be signed with. */
  async function accountIdentity(accountId: string) {
    const [row] = await sql<{ signing_public_key: string | null; auth_hash: string }[]>`select signing_public_key, auth_hash from accounts where id = ${accountId}`;
    if (!row?.signing_public_key) throw new ApiError(400, 'bad-request', 'this account has no identity signing key yet; sign in again with a current client');
    return { key: await importIdentityVerifyKey(fromBase64url(row.signing_public_key)), authHash: row.auth_hash };
  }

  async function ownDevice(deviceId: string, accountId: string): Promise<DeviceRow> {
    const [row] = await sql<DeviceRow[]>`select * from devices where id = ${deviceId} and account_id = ${accountId}`;
    if (!row) throw notFound('no such device');
    return row;
  }

  app.get('/', async (c) => {
    const rows = await sql<DeviceRow[]>`select * from devices where account_id = ${c.get('session').accountId} order by created_at, id`;
    return c.json({ devices: rows.map(deviceJson) });
  });

  /**
   * A new name for any of the account's devices, revoked ones too (a name is how the list tells them
   * apart). Names are labels, not identities: nothing is signed with them, and they need not be unique.
   */
  app.patch('/:deviceId', async (c) => {
    const deviceId = readParam(c, 'deviceId', idSchema);
    const { name } = await readJson(c, renameDeviceRequestSchema);
    await ownDevice(deviceId, c.get('session').accountId);
    const [row] = await sql<DeviceRow[]>`update devices set name = ${name} where id = ${deviceId} returning *`;
    return c.json(deviceJson(row!));
  });

  app.put('/:deviceId/certificate', async (c) => {
    const deviceId = readParam(c, 'deviceId', idSchema);
    const { accountId } = c.get('session');
    const { certificate } = await readJson(c, putCertificateRequestSchema);
    const device = await ownDevice(deviceId, accountId);
    const { key } = await accountIdentity(accountId);
    const cert = await readCertificate(certificate, { accountId, deviceId }, key);
    if (!cert || cert.key !== device.signing_public_key) {
      throw new ApiError(400, 'bad-request', "body.certificate: not a certificate of this device's key signed by this account's identity key");
    }
    // After a rotation the current certificate's time is when the earlier key stopped counting: another
    // one of the same key (a later time would let the old key sign longer) comes only through PUT /key.
    if (device.earlier_certificates.length > 0 && device.certificate !== certificate) {
      throw new ApiError(409, 'revision-conflict', 'body.certificate: this device has rotated its key; its certificate changes only with PUT /v1/devices/:id/key');
    }
    await sql`update devices set certificate = ${certificate} where id = ${deviceId}`;
    return c.body(null, 204);
  });

  /**
   * A device's new signing key: only the device itself may rotate its key, with a certificate its
   * account signed that is newer than the current one and than every entry the device has in any
   * chain. The current certificate joins the earlier ones (it still verifies what the old key signed
   * before). The same certificate again is a no-op; the same key with another time is refused (its
   * time is the old key's retirement, which other devices remember).
   */
  app.put('/:deviceId/key', async (c) => {
    const deviceId = readParam(c, 'deviceId', idSchema);
    const { accountId, deviceId: self } = c.get('session');
    if (deviceId !== self) throw new ApiError(403, 'forbidden', "a device rotates its own signing key, from its own session");
    const { certificate } = await readJson(c, putCertificateRequestSchema);
    const { key } = await accountIdentity(accountId);
    const cert = await readCertificate(certificate, { accountId, deviceId }, key);
    if (!cert) throw new ApiError(400, 'bad-request', "body.certificate: not a certificate of this device signed by this account's identity key");
    const row = await transaction(sql, async (tx) => {
      const [device] = await tx<DeviceRow[]>`select * from devices where id = ${deviceId} for update`;
      if (device!.certificate === certificate) return device!;
      // Its time is when the old key stops counting: one far ahead of this server's clock would leave
      // the old key signing until then (for a thief of it as well).
      if (cert.issuedAt > Date.now() + MAX_CERTIFICATE_AHEAD_MS) {
        throw new ApiError(400, 'bad-request', "body.certificate: issued in the future (this device's clock is ahead); set the clock right and rotate again");
      }
      const current = device!.certificate === null ? null : storedCertificate(device!.certificate);
      if (current && cert.issuedAt <= current.issuedAt) {
        throw new ApiError(409, 'revision-conflict', 'body.certificate: not newer than the certificate this device holds now');
      }
      // A key this device rotated away from stays retired: certified again, it would count again.
      const retiredKeys = device!.earlier_certificates.map(storedCertificate).flatMap((c) => (c && c.key !== device!.signing_public_key ? [c.key] : []));
      if (retiredKeys.includes(cert.key)) {
        throw new ApiError(400, 'bad-request', 'body.certificate: certifies a key this device has retired; rotate to a new key');
      }
      if (cert.key === device!.signing_public_key) {
        // A key's certificate time is when the key before it stopped counting, and devices remember it:
        // it never moves. Only a device never certified takes its first certificate here.
        if (current) throw new ApiError(409, 'revision-conflict', 'body.certificate: this key is certified already; its time stands');
        const [updated] = await tx<DeviceRow[]>`update devices set certificate = ${certificate} where id = ${deviceId} returning *`;
        return updated!;
      }
      // Nothing the current key signed may be stamped at or after the moment it stops counting. Appends
      // hold this row (for share) until they commit, so none can slip in between this check and the switch.
      const [newest] = await tx<{ ts: string | null }[]>`select max((entry->>'ts')::bigint) as ts from audit_entries where device_id = ${deviceId}`;
      if (newest?.ts !== null && newest?.ts !== undefined && cert.issuedAt <= Number(newest.ts)) {
        throw new ApiError(409, 'revision-conflict', 'body.certificate: this device has entries stamped at or after its time; certify the new key later');
      }
      if (device!.earlier_certificates.length >= MAX_KEY_HISTORY) {
        throw quotaExceeded(`this device has rotated its key ${MAX_KEY_HISTORY} times; sign it in again as a new device`);
      }
      const earlier = device!.certificate === null ? device!.earlier_certificates : [...device!.earlier_certificates, device!.certificate];
      const [updated] = await tx<DeviceRow[]>`
        update devices set certificate = ${certificate}, signing_public_key = ${cert.key}, earlier_certificates = ${earlier}
        where id = ${deviceId} returning *`;
      return updated!;
    });
    return c.json(deviceJson(row));
  });

  app.post('/:deviceId/revoke', loginRateLimit(deps), async (c) => {
    const deviceId = readParam(c, 'deviceId', idSchema);
    const { accountId, deviceId: by } = c.get('session');
    const body = await readJson(c, revokeDeviceRequestSchema);
    await ownDevice(deviceId, accountId);
    const { key, authHash } = await accountIdentity(accountId);
    if (!(await verifyAuthKey(Buffer.from(fromBase64url(body.authKey)), authHash))) throw new ApiError(401, 'invalid-credentials', 'the password is wrong');
    if (!(await readRevocation(body.revocation, { accountId, deviceId }, key))) {
      throw new ApiError(400, 'bad-request', "body.revocation: not a revocation of this device signed by this account's identity key");
    }
    // Its sessions stop working at once: the session middleware refuses any session of a revoked
    // device. They are kept, so that the device is told why ("revoked"), not just "unknown session".
    const [row] = await sql<DeviceRow[]>`
      update devices set revoked_at = coalesce(revoked_at, now()), revocation = coalesce(revocation, ${body.revocation}),
        revoked_by = case when revoked_at is null then ${by}::uuid else revoked_by end
      where id = ${deviceId} returning *`;
    return c.json(deviceJson(row!));
  });

  return app;
}
