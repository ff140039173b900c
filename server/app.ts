/**
 * The HTTP app: middleware once, then one sub-app per resource. Errors leave as `{error: {code,
 * message}}` with no stack trace; unknown routes are 404s of the same shape.
 */
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { PROTOCOL_LIMITS } from '../shared/protocol/limits.js';
import type { AppEnv, Deps } from './context.js';
import { isDatabaseUnavailable } from './db/errors.js';
import { ApiError, errorBody } from './errors.js';
import { admission } from './middleware/admission.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { deviceRoutes } from './routes/devices.js';
import { eventsHandler } from './routes/events.js';
import { rosterRoutes } from './routes/rosters.js';
import { tokenReadRoutes } from './routes/token-reads.js';
import { tokenRoutes } from './routes/tokens.js';
import { tokenEventRoutes } from './routes/token-events.js';
import { teamMemoryRoutes } from './routes/team-memory.js';
import { invitationRoutes } from './routes/invitations.js';
import { itemRoutes } from './routes/items.js';
import { opsRoutes } from './routes/ops.js';
import { vaultRoutes } from './routes/vaults.js';

/** Seconds a client is asked to wait after a 503. */
const RETRY_AFTER_S = 2;

const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i;

export function createApp(deps: Deps, options: { heartbeatMs?: number } = {}) {
  const app = new Hono<AppEnv>();
  const ws = createNodeWebSocket({ app });

  app.use(async function observe(c, next) {
    const start = performance.now();
    await next();
    // The route pattern, not the path: ids never reach the logs or the metric labels.
    const route = c.req.routePath;
    const seconds = (performance.now() - start) / 1000;
    deps.metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.duration.observe({ method: c.req.method, route }, seconds);
    deps.log.debug('request', { method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) });
  });
  app.use(secureHeaders());
  app.use(
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) || deps.config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      maxAge: 600,
    }),
  );
  // Health and metrics stay outside admission, so an overloaded server can still be watched; the
  // realtime socket is long-lived and limited by its own timeouts.
  const admit = admission({ ...deps.config.admission, retryAfterSeconds: RETRY_AFTER_S });
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/events' ? next() : admit(c, next)));
  app.use(
    bodyLimit({
      maxSize: PROTOCOL_LIMITS.bodyBytes,
      onError: () => {
        throw new ApiError(413, 'payload-too-large', `the request body is larger than ${PROTOCOL_LIMITS.bodyBytes} bytes; send fewer items per request`);
      },
    }),
  );

  app.route('/', opsRoutes(deps));
  app.route('/v1', accountRoutes(deps));
  app.route('/v1', teamMemoryRoutes(deps));
  app.route('/v1/devices', deviceRoutes(deps));
  app.route('/v1/invitations', invitationRoutes(deps));
  app.route('/v1/vaults', vaultRoutes(deps));
  app.route('/v1/vaults', itemRoutes(deps));
  app.route('/v1/vaults', auditRoutes(deps));
  app.route('/v1/vaults', rosterRoutes(deps));
  app.route('/v1/vaults', tokenRoutes(deps));
  app.route('/v1/vaults', tokenEventRoutes(deps));
  app.route('/v1/token', tokenReadRoutes(deps));
  app.get('/v1/events', eventsHandler(deps, ws.upgradeWebSocket, options.heartbeatMs ?? 25_000));

  app.notFound((c) => c.json(errorBody(new ApiError(404, 'not-found', `no route for ${c.req.method} ${c.req.path}`)), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(errorBody(error), error.status, error.headers);
    if (isDatabaseUnavailable(error)) {
      // An outage, not a bug: say so, and when to come back. postgres.js reconnects on the next query.
      deps.log.warn('database unavailable', { route: c.req.routePath, code: (error as { code?: string }).code ?? 'unknown' });
      const unavailable = new ApiError(503, 'unavailable', 'the database is unavailable; try again shortly', undefined, { 'retry-after': String(RETRY_AFTER_S) });
      return c.json(errorBody(unavailable), 503, unavailable.headers);
    }
    // Anything else is a bug or an outage: log its kind and message (no request data), answer plainly.
    deps.log.error('unhandled error', { route: c.req.routePath, error: error.name, message: error.message });
    return c.json(errorBody(new ApiError(500, 'internal', 'the server hit an unexpected error; try again')), 500);
  });

  return { app, injectWebSocket: ws.injectWebSocket, websockets: ws.wss };
}
