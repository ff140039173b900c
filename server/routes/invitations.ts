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

export function invitationRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));

  app.get('/', async (c) => {
    const rows = await sql<{ vault_id: string; role: Role; added_at: Date; invited_by: string | null; email: string | null }[]>`
      select m.vault_id, m.role, m.added_at, m.invited_by, a.email from vault_members m left join accounts a on a.id = m.invited_by
      where m.account_id = ${c.get('session').accountId} and m.status = 'invited' order by m.added_at, m.vault_id`;
    return c.json({
      invitations: rows.map((r) => ({ vaultId: r.vault_id, role: r.role, invitedAt: r.added_at.toISOString(), invitedBy: r.invited_by ? { accountId: r.invited_by, email: r.email ?? '' } : null })),
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
