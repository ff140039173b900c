/** Health and metrics, outside the versioned API. */
import { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';

export function opsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.get('/health', async (c) => {
    try {
      await deps.sql`select 1`;
    } catch {
      throw new ApiError(503, 'unavailable', 'the database is not reachable');
    }
    return c.json({ ok: true });
  });

  app.get('/metrics', async (c) => c.text(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType }));

  return app;
}
