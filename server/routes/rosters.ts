/**
 * Team vaults' signed member rosters (docs/crypto.md §23). The server cannot read or check them (they
 * are sealed under the vault key); it keeps them in order: a new revision is accepted only as the next
 * number, from an admin, under the vault's lock, so two admins changing members at once do not both win.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { blobSchema } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import type { Sql } from 'postgres';
import { transaction } from '../db/transaction.js';
import { ApiError } from '../errors.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readParam, readQuery } from '../validate.js';
import { lockVault } from './vault-lock.js';

const revisionParam = z.coerce.number().int().positive().max(1_000_000_000);
const PAGE = 200;

/** Revisions after `after`, oldest first (the invitation route serves the same to an invitee). */
export async function rosterPage(sql: Sql, vaultId: string, after: number) {
  const rows = await sql<{ revision: number; blob: string }[]>`
    select revision, blob from vault_rosters where vault_id = ${vaultId} and revision > ${after} order by revision limit ${PAGE + 1}`;
  return { rosters: rows.slice(0, PAGE).map((r) => ({ revision: r.revision, blob: r.blob })), hasMore: rows.length > PAGE };
}

export function rosterRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/:vaultId/rosters', vaultAccess(deps, 'viewer'), async (c) => {
    const { after } = readQuery(c, z.strictObject({ after: z.coerce.number().int().nonnegative().max(1_000_000_000).default(0) }));
    return c.json(await rosterPage(sql, c.req.param('vaultId'), after));
  });

  app.put('/:vaultId/rosters/:revision', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const revision = readParam(c, 'revision', revisionParam);
    const { blob } = await readJson(c, z.strictObject({ blob: blobSchema }));
    await transaction(sql, async (tx) => {
      await lockVault(tx, vaultId);
      const [head] = await tx<{ n: number }[]>`select coalesce(max(revision), 0)::int as n from vault_rosters where vault_id = ${vaultId}`;
      if (revision !== head!.n + 1) throw new ApiError(409, 'revision-conflict', `the roster is at revision ${head!.n}; fetch it and sign the next one`, { revision: head!.n });
      await tx`insert into vault_rosters (vault_id, revision, blob) values (${vaultId}, ${revision}, ${blob})`;
    });
    await deps.notifier.publish({ vaultId, kind: 'members', seq: 0 });
    return c.body(null, 204);
  });

  return app;
}
