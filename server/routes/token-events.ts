/**
 * What the server saw of a vault's access tokens (their first use each day and each refusal), handed
 * to an admin's device to sign into the vault's chain as `token.use` and `token.refuse` (docs/api.md
 * "Access tokens"). A claim holds its events for a few minutes so two admin devices syncing at once do
 * not both sign them; an event is marked chained only once the device says it queued its entry, so a
 * device that dies in between leaves it for the next claim (it may then be signed twice, never lost).
 */
import { Hono } from 'hono';
import { TOKEN_EVENTS_PER_CLAIM, tokenEventsAckSchema, type TokenEvent } from '../../shared/protocol/tokens.js';
import type { AppEnv, Deps } from '../context.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson } from '../validate.js';

const CLAIM_FOR = '5 minutes';

interface EventRow {
  id: string;
  token_id: string;
  kind: 'use' | 'refuse';
  reason: string | null;
  ip: string;
  at: Date;
}

const eventJson = (r: EventRow): TokenEvent => ({ id: Number(r.id), tokenId: r.token_id, kind: r.kind, reason: r.reason, ip: r.ip, at: r.at.getTime() });

export function tokenEventRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.post('/:vaultId/tokens/events/claim', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    // `skip locked`: a second claim running at the same moment takes the next events, not the same ones.
    const rows = await sql<EventRow[]>`
      update access_token_events set claimed_until = now() + ${CLAIM_FOR}::interval
      where id in (
        select id from access_token_events
        where vault_id = ${vaultId} and not chained and (claimed_until is null or claimed_until < now())
        order by id limit ${TOKEN_EVENTS_PER_CLAIM} for update skip locked)
      returning id, token_id, kind, reason, ip, at`;
    return c.json({ events: rows.map(eventJson).sort((a, b) => a.id - b.id) });
  });

  app.post('/:vaultId/tokens/events/ack', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const { ids } = await readJson(c, tokenEventsAckSchema);
    const rows = await sql`update access_token_events set chained = true where vault_id = ${vaultId} and id in ${sql(ids)} and not chained returning id`;
    return c.json({ chained: rows.length });
  });

  return app;
}
