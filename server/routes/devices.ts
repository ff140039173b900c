/** The account's devices: list, and revoke (its sessions end at once; its later audit entries are refused). */
import { Hono } from 'hono';
import { idSchema } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { notFound } from '../errors.js';
import { session } from '../middleware/auth.js';
import { readParam } from '../validate.js';

export interface DeviceRow {
  id: string;
  account_id: string;
  name: string;
  signing_public_key: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function deviceJson(row: DeviceRow) {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    signingPublicKey: row.signing_public_key,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export function deviceRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/', async (c) => {
    const rows = await sql<DeviceRow[]>`select * from devices where account_id = ${c.get('session').accountId} order by created_at, id`;
    return c.json({ devices: rows.map(deviceJson) });
  });

  app.post('/:deviceId/revoke', async (c) => {
    const deviceId = readParam(c, 'deviceId', idSchema);
    // Its sessions stop working at once: the session middleware refuses any session of a revoked
    // device. They are kept, so that the device is told why ("revoked"), not just "unknown session".
    const [row] = await sql<DeviceRow[]>`
      update devices set revoked_at = coalesce(revoked_at, now())
      where id = ${deviceId} and account_id = ${c.get('session').accountId} returning *`;
    if (!row) throw notFound('no such device');
    return c.json(deviceJson(row));
  });

  return app;
}
