/**
 * Rate limit for pre-login, login and registration, per client address. Counts live in each instance's
 * memory: behind a load balancer the effective limit is per instance, which still turns an online
 * guessing attack from millions of tries into thousands (and each try costs a PBKDF2 on the client).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';

export function loginRateLimit(deps: Deps): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: deps.config.loginRatePerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown',
    handler: () => {
      throw new ApiError(429, 'rate-limited', 'too many sign-in attempts from this address; wait a minute and try again');
    },
  });
}

/**
 * Looking up another account by email (`/v1/identity`, for invitations) tells whether that email has an
 * account: limited per account, so a session cannot walk a list of addresses.
 */
export function lookupRateLimit(deps: Deps): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: deps.config.lookupRatePerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.get('session').accountId,
    handler: () => {
      throw new ApiError(429, 'rate-limited', 'too many account lookups; wait a minute and try again');
    },
  });
}
