/**
 * What an access token reads (docs/api.md "Access tokens"): its own record (its view and, for a
 * vault-wide token, the vault keys wrapped for it), then the vault's live items a page at a time. A
 * narrowed token gets only the items it holds a grant for, each with that grant: the others are not
 * sent at all (it could not open them anyway).
 */
import { Hono } from 'hono';
import { changesQuerySchema } from '../../shared/protocol/api.js';
import type { TokenItem } from '../../shared/protocol/tokens.js';
import type { AppEnv, Deps } from '../context.js';
import { tokenAuth } from '../middleware/token-auth.js';
import { readQuery } from '../validate.js';

interface TokenItemRow {
  id: string;
  revision: string;
  seq: string;
  blob: string;
  grant_revision: string | null;
  grant_blob: string | null;
}

export function tokenReadRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', ...tokenAuth(deps));

  app.get('/', async (c) => {
    const { tokenId, vaultId, mode } = c.get('token');
    const [row] = await sql<{ view: string; expires_at: Date | null }[]>`select view, expires_at from access_tokens where id = ${tokenId}`;
    const keys = await sql<{ key_version: number; blob: string }[]>`select key_version, blob from access_token_keys where token_id = ${tokenId} order by key_version`;
    return c.json({
      tokenId,
      vaultId,
      mode,
      view: row!.view,
      expiresAt: row!.expires_at?.getTime() ?? null,
      keys: keys.map((k) => ({ keyVersion: k.key_version, blob: k.blob })),
    });
  });

  app.get('/items', async (c) => {
    const { tokenId, vaultId, mode } = c.get('token');
    const { after, limit } = readQuery(c, changesQuerySchema);
    // One statement, so an item and its grant are read at the same moment (a push writes both at once).
    const rows =
      mode === 'vault'
        ? await sql<TokenItemRow[]>`
            select id, revision, seq, blob, null as grant_revision, null as grant_blob from items
            where vault_id = ${vaultId} and not deleted and seq > ${after} order by seq limit ${limit + 1}`
        : await sql<TokenItemRow[]>`
            select i.id, i.revision, i.seq, i.blob, g.revision as grant_revision, g.blob as grant_blob
            from access_token_grants g join items i on i.vault_id = g.vault_id and i.id = g.item_id
            where g.token_id = ${tokenId} and not i.deleted and i.seq > ${after} order by i.seq limit ${limit + 1}`;
    const page = rows.slice(0, limit).map(
      (r): TokenItem => ({
        itemId: r.id,
        revision: Number(r.revision),
        seq: Number(r.seq),
        blob: r.blob,
        grant: r.grant_blob === null ? null : { revision: Number(r.grant_revision), blob: r.grant_blob },
      }),
    );
    return c.json({ items: page, cursor: page.at(-1)?.seq ?? after, hasMore: rows.length > limit });
  });

  return app;
}
