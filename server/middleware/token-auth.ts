/**
 * Authorization for access tokens (docs/api.md "Access tokens"): the bearer is the token's credential,
 * never the token itself. A token reads one vault and nothing else; each refusal has its own code
 * (unknown, revoked, expired, address not allowed, too many requests, read-only), so a CI log says what
 * to fix. Revocation takes effect at once: every request reads the token's row.
 */
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { postgresRateStore } from './rate-limit-store.js';
import { tokenHash } from '../auth/secrets.js';
import { addressList, clientAddress, listed, trustedProxyList } from '../client-address.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';
import { TokenUsage, type TokenRow } from '../token-usage.js';

const CREDENTIAL = /^[A-Za-z0-9_-]{43}$/;

interface AccessTokenRow extends TokenRow {
  mode: 'vault' | 'items';
  expired: boolean;
  revoked: boolean;
  allowed_ips: string[];
}

export function tokenAuth(deps: Deps): MiddlewareHandler<AppEnv>[] {
  const usage = new TokenUsage(deps);
  const proxies = trustedProxyList(deps.config.trustedProxies);
  const rows = new WeakMap<object, { row: AccessTokenRow; ip: string }>();

  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const credential = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!CREDENTIAL.test(credential)) throw new ApiError(401, 'unauthorized', 'an access token is required (keyhaven sends its credential, never the token itself)');
    const [row] = await deps.sql<AccessTokenRow[]>`
      select id, vault_id, mode, expires_at <= now() as expired, revoked_at is not null as revoked, allowed_ips, last_used_at, last_used_ip
      from access_tokens where credential_hash = ${tokenHash(credential)}`;
    if (!row) throw new ApiError(401, 'token-unknown', 'this access token is not known to this server: it was mistyped, made for another server, or its vault was deleted');
    const ip = clientAddress(c, proxies);
    const refuse = (status: 401 | 403, code: 'token-revoked' | 'token-expired' | 'token-ip-refused' | 'token-read-only', message: string) => {
      usage.refused(row, code.replace('token-', ''), ip);
      return new ApiError(status, code, message);
    };
    if (row.revoked) throw refuse(401, 'token-revoked', 'this access token was revoked by an admin of its vault; ask for a new one');
    if (row.expired) throw refuse(401, 'token-expired', 'this access token has expired; ask an admin of its vault for a new one');
    if (row.allowed_ips.length > 0 && !listed(addressList(row.allowed_ips), ip)) {
      // The ranges are not named: whoever holds a stolen token would learn where to use it from. Admins see them in the token list.
      throw refuse(403, 'token-ip-refused', `this access token may not be used from ${ip}: an admin of its vault limited it to some address ranges (the vault's token list shows which)`);
    }
    if (c.req.method !== 'GET') throw refuse(403, 'token-read-only', 'access tokens are read-only: nothing can be written with one');
    rows.set(c.req.raw, { row, ip });
    c.set('token', { tokenId: row.id, vaultId: row.vault_id, mode: row.mode });
    await next();
    if (c.res.status < 400) usage.used(row, ip);
  };

  const limit = rateLimiter<AppEnv>({
    windowMs: deps.config.tokenRateWindowMs,
    limit: deps.config.tokenRatePerMinute,
    store: postgresRateStore(deps, 'token', deps.config.tokenRateWindowMs),
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.get('token').tokenId,
    handler: (c) => {
      const seen = rows.get(c.req.raw);
      if (seen) usage.refused(seen.row, 'rate-limited', seen.ip);
      const reset = (c.get('rateLimit' as never) as { resetTime?: Date } | undefined)?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + deps.config.tokenRateWindowMs) - Date.now()) / 1000));
      throw new ApiError(429, 'rate-limited', `this access token made more than ${deps.config.tokenRatePerMinute} requests in ${Math.round(deps.config.tokenRateWindowMs / 1000)} s; try again in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    },
  });

  return [authenticate, limit];
}
