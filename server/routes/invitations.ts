/**
 * Membership needs consent: adding someone to a vault makes an invitation, and the vault (its items, its
 * keys, its changes) reaches them only once they accept. Until then they see the invitation: which
 * vault, who asked, with what role; they accept or decline. Declining removes the invitation and the
 * keys that came with it.
 */
import { Hono } from 'hono';
import { idSchema, type Role } from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { notFound } from '../errors.js';
import { session } from '../middleware/auth.js';
import { readParam } from '../validate.js';
import { transaction } from '../db/transaction.js';
import { rosterPage } from './rosters.js';

interface InvitationRow {
  vault_id: string;
  role: Role;
  added_at: Date;
  invited_by: string | null;
  email: string | null;
}

const invitationJson = (r: InvitationRow) => ({
  vaultId: r.vault_id,
  role: r.role,
  invitedAt: r.added_at.toISOString(),
  invitedBy: r.invited_by ? { accountId: r.invited_by, email: r.email ?? '' } : null,
});

export function invitationRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  const invitations = (accountId: string, vaultId: string | null) => sql<InvitationRow[]>`
    select m.vault_id, m.role, m.added_at, m.invited_by, a.email from vault_members m left join accounts a on a.id = m.invited_by
    where m.account_id = ${accountId} and m.status = 'invited' ${vaultId ? sql`and m.vault_id = ${vaultId}` : sql``}
    order by m.added_at, m.vault_id`;

  app.get('/', async (c) => c.json({ invitations: (await invitations(c.get('session').accountId, null)).map(invitationJson) }));

  // The invitee's view before they decide: the keys that came with it, the vault's sealed name and roster.
  app.get('/:vaultId', async (c) => {
    const vaultId = readParam(c, 'vaultId', idSchema);
    const { accountId } = c.get('session');
    const [row] = await invitations(accountId, vaultId);
    if (!row) throw notFound('no such invitation');
    const [vault] = await sql<{ meta: string }[]>`select meta from vaults where id = ${vaultId}`;
    const keys = await sql<{ key_version: number; blob: string; revision: string }[]>`
      select key_version, blob, revision from vault_keys where vault_id = ${vaultId} and account_id = ${accountId} order by key_version`;
    const rosters: { revision: number; blob: string }[] = [];
    for (let page = await rosterPage(sql, vaultId, 0); ; page = await rosterPage(sql, vaultId, rosters.at(-1)!.revision)) {
      rosters.push(...page.rosters);
      if (!page.hasMore) break;
    }
    return c.json({
      ...invitationJson(row),
      meta: vault!.meta,
      keys: keys.map((k) => ({ keyVersion: k.key_version, blob: k.blob, revision: Number(k.revision) })),
      rosters,
    });
  });

  app.post('/:vaultId/accept', async (c) => {
    const vaultId = readParam(c, 'vaultId', idSchema);
    const [row] = await sql`update vault_members set status = 'active' where vault_id = ${vaultId} and account_id = ${c.get('session').accountId} and status = 'invited' returning 1`;
    if (!row) throw notFound('no such invitation');
    await deps.notifier.publish({ vaultId, kind: 'members', seq: 0 });
    return c.body(null, 204);
  });

  app.post('/:vaultId/decline', async (c) => {
    const vaultId = readParam(c, 'vaultId', idSchema);
    const { accountId } = c.get('session');
    await transaction(sql, async (tx) => {
      const [row] = await tx`delete from vault_members where vault_id = ${vaultId} and account_id = ${accountId} and status = 'invited' returning 1`;
      if (!row) throw notFound('no such invitation');
      await tx`delete from vault_keys where vault_id = ${vaultId} and account_id = ${accountId}`;
    });
    return c.body(null, 204);
  });

  return app;
}
