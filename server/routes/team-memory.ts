/**
 * An account's team memory (docs/crypto.md §23): what its devices verified about team vaults, sealed
 * under the account key. The server keeps one opaque blob per account with a revision, replaced only
 * with compare-and-set, so two devices merging at once do not drop each other's additions.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { blobSchema, revisionSchema } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { ApiError } from '../errors.js';
import { session } from '../middleware/auth.js';
import { readJson } from '../validate.js';

export function teamMemoryRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('/account/team-memory', session(deps));

  app.get('/account/team-memory', async (c) => {
    const [row] = await sql<{ team_memory: string | null; team_memory_revision: string }[]>`
      select team_memory, team_memory_revision from accounts where id = ${c.get('session').accountId}`;
    return c.json({ blob: row?.team_memory ?? null, revision: Number(row?.team_memory_revision ?? 0) });
  });

  app.put('/account/team-memory', async (c) => {
    const body = await readJson(c, z.strictObject({ baseRevision: revisionSchema, blob: blobSchema }));
    const { accountId } = c.get('session');
    const [row] = await sql<{ team_memory_revision: string }[]>`
      update accounts set team_memory = ${body.blob}, team_memory_revision = team_memory_revision + 1
      where id = ${accountId} and team_memory_revision = ${body.baseRevision} returning team_memory_revision`;
    if (!row) throw new ApiError(409, 'revision-conflict', 'another device changed the team memory meanwhile; fetch it, merge and try again');
    return c.json({ revision: Number(row.team_memory_revision) });
  });

  return app;
}
