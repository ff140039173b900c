/**
 * Rate limit for pre-login, login and registration, per client address (read past trusted proxies as
 * access tokens' allow-lists read it; an IPv6 client counts by its /64). Counts live in PostgreSQL
 * (./rate-limit-store.ts), so behind a load balancer the limit holds for the whole deployment: an
 * online guessing attack gets the same few tries a minute however many instances it reaches.
 */
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { clientAddress, rateLimitAddress, trustedProxyList } from '../client-address.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';
import { postgresRateStore } from './rate-limit-store.js';

export function loginRateLimit(deps: Deps): MiddlewareHandler<AppEnv> {
  // Behind the operator's proxies the peer is the proxy: count the client it names, or every user would share one bucket.
  const proxies = trustedProxyList(deps.config.trustedProxies);
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: deps.config.loginRatePerMinute,
    store: postgresRateStore(deps, 'login', 60_000),
    standardHeaders: 'draft-6',
    keyGenerator: (c) => rateLimitAddress(clientAddress(c, proxies)),
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
    store: postgresRateStore(deps, 'lookup', 60_000),
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.get('session').accountId,
    handler: () => {
      throw new ApiError(429, 'rate-limited', 'too many account lookups; wait a minute and try again');
    },
  });
}
