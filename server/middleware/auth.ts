/**
 * Authorization, in one place. `session` turns a bearer token into the account and device it was issued
 * to (401 for anything else: missing, unknown, expired, or the device was revoked). `vaultAccess(role)`
 * loads the caller's role in the vault named by the path: a non-member (or someone only invited, who
 * has not accepted) gets 404, as if the vault did not exist; a member below the required role gets 403.
 */
import type { MiddlewareHandler } from 'hono';
import { idSchema, type DeviceRevokedDetails, type Role } from '../../shared/protocol/api.js';
import { tokenHash } from '../auth/secrets.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError, notFound } from '../errors.js';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** `/v1/vaults/<id>/…`: the requests whose session check also reads the caller's role in that vault. */
const VAULT_PATH = /^\/v1\/vaults\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/;

type SessionCheck = { ok: true; accountId: string; deviceId: string } | { ok: false; code: 'unauthorized' | 'device-revoked'; message: string; deviceId?: string };

/**
 * What makes a session live, in one place for HTTP and the realtime socket: it exists, it has not
 * expired, and its device has not been revoked. The refusal says which, so the client can tell the user.
 */
export async function checkSession(sql: Deps['sql'], hash: Buffer): Promise<SessionCheck> {
  const [row] = await sql<SessionRow[]>`
    select s.account_id, s.device_id, s.expires_at <= now() as expired, d.revoked_at is not null as revoked, null as role
    from sessions s join devices d on d.id = s.device_id
    where s.token_hash = ${hash}`;
  return judgeSession(row);
}

/**
 * The session and, in the same statement, its account's role in one vault (null: not an active
 * member). Every sync request is a vault request: one round trip instead of two on the hot path.
 */
export async function checkSessionIn(sql: Deps['sql'], hash: Buffer, vaultId: string): Promise<SessionCheck & { role: Role | null }> {
  const [row] = await sql<SessionRow[]>`
    select s.account_id, s.device_id, s.expires_at <= now() as expired, d.revoked_at is not null as revoked, m.role
    from sessions s join devices d on d.id = s.device_id
    left join vault_members m on m.vault_id = ${vaultId} and m.account_id = s.account_id and m.status = 'active'
    where s.token_hash = ${hash}`;
  return { ...judgeSession(row), role: row?.role ?? null };
}

interface SessionRow {
  account_id: string;
  device_id: string;
  expired: boolean;
  revoked: boolean;
  role: Role | null;
}

function judgeSession(row: SessionRow | undefined): SessionCheck {
  // A revoked device has its own code: signing it in again cannot help, unlike an ended or expired session.
  if (!row) return { ok: false, code: 'unauthorized', message: 'unknown session; log in again' };
  if (row.revoked) return { ok: false, code: 'device-revoked', message: 'this device was revoked; log in again as a new device', deviceId: row.device_id };
  if (row.expired) return { ok: false, code: 'unauthorized', message: 'the session expired; log in again' };
  return { ok: true, accountId: row.account_id, deviceId: row.device_id };
}

export function session(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function sessionMiddleware(c, next) {
    // Several route groups share `/v1/vaults` and each declares this middleware; Hono runs every one
    // that matches on the way to the route, so a request checks its session once and the rest pass.
    if (c.get('session')) return next();
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!TOKEN.test(token)) throw new ApiError(401, 'unauthorized', 'a bearer token is required');
    const hash = tokenHash(token);
    // On a vault's path the role in it comes with the session, for `vaultAccess` below.
    const vaultId = VAULT_PATH.exec(c.req.path)?.[1];
    const live: SessionCheck & { role?: Role | null } = vaultId ? await checkSessionIn(deps.sql, hash, vaultId) : await checkSession(deps.sql, hash);
    if (!live.ok) {
      // An access token's credential where a session belongs: a machine trying to write, or to reach
      // another vault. Say what a token can do rather than "log in again".
      const [token] = live.code === 'unauthorized' ? await deps.sql`select 1 from access_tokens where credential_hash = ${hash}` : [];
      if (token) throw new ApiError(403, 'token-read-only', 'access tokens are read-only and reach only /v1/token: nothing can be written with one');
      throw new ApiError(401, live.code, live.message, live.deviceId ? await revocationDetails(deps.sql, live.deviceId) : undefined);
    }
    c.set('session', { accountId: live.accountId, deviceId: live.deviceId, tokenHash: hash });
    if (vaultId) c.set('vaultRole', { vaultId, role: live.role ?? null });
    await next();
  };
}

/**
 * When a device was revoked and by which of its account's devices, for the revoked device to show its
 * person: only the holder of that device's token is told, and it names devices of its own account.
 * Read only on a refusal, so the live path keeps its one query.
 */
async function revocationDetails(sql: Deps['sql'], deviceId: string): Promise<DeviceRevokedDetails> {
  const [row] = await sql<{ revoked_at: Date | null; revoked_by: string | null }[]>`
    select d.revoked_at, r.name as revoked_by from devices d left join devices r on r.id = d.revoked_by where d.id = ${deviceId}`;
  return { revokedAt: row?.revoked_at?.toISOString() ?? null, revokedBy: row?.revoked_by ?? null };
}

export function vaultAccess(deps: Deps, minimum: Role): MiddlewareHandler<AppEnv> {
  return async function vaultAccessMiddleware(c, next) {
    const vaultId = idSchema.safeParse(c.req.param('vaultId'));
    if (!vaultId.success) throw notFound('no such vault');
    const known = c.get('vaultRole');
    const role = known?.vaultId === vaultId.data ? known.role : await memberRole(deps.sql, vaultId.data, c.get('session').accountId);
    if (!role) throw notFound('no such vault');
    if (RANK[role] < RANK[minimum]) throw new ApiError(403, 'forbidden', `this needs the ${minimum} role in the vault; you are ${role}`);
    c.set('role', role);
    await next();
  };
}

async function memberRole(sql: Deps['sql'], vaultId: string, accountId: string): Promise<Role | null> {
  const [row] = await sql<{ role: Role }[]>`
    select role from vault_members where vault_id = ${vaultId} and account_id = ${accountId} and status = 'active'`;
  return row?.role ?? null;
}
