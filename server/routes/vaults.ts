/** Vaults: create, list, their encrypted meta, members and roles, and each member's wrapped vault keys. */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  addMemberRequestSchema,
  changeRoleRequestSchema,
  createVaultRequestSchema,
  idSchema,
  putMetaRequestSchema,
  putVaultKeyRequestSchema,
  type Role,
} from '../../shared/protocol/api.js';
import type { AppEnv, Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { transaction, type Tx } from '../db/transaction.js';
import { ApiError, notFound, quotaExceeded } from '../errors.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readParam } from '../validate.js';
import { deviceJson, type DeviceRow } from './devices.js';
import { lockVault } from './vault-lock.js';

interface VaultRow {
  id: string;
  role: Role;
  meta: string;
  meta_revision: string;
  item_seq: string;
  audit_seq: string;
  audit_hash: string;
  audit_ts: string;
  token_events?: number | null;
}

const vaultJson = (r: VaultRow) => ({
  id: r.id,
  role: r.role,
  meta: r.meta,
  metaRevision: Number(r.meta_revision),
  seq: Number(r.item_seq),
  auditHead: { seq: Number(r.audit_seq), hash: r.audit_hash, ts: Number(r.audit_ts) },
  ...(r.token_events ? { tokenEvents: Number(r.token_events) } : {}),
});

const keyVersionSchema = z.coerce.number().int().positive().max(1_000_000);

export function vaultRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));
  const changed = (vaultId: string, kind: 'members' | 'keys' | 'meta') => deps.notifier.publish({ vaultId, kind, seq: 0 });

  app.post('/', async (c) => {
    const body = await readJson(c, createVaultRequestSchema);
    const { accountId } = c.get('session');
    try {
      await transaction(sql, async (tx) => {
        // The account's row orders its vault creations, so two at once cannot both pass the count.
        await tx`select 1 from accounts where id = ${accountId} for update`;
        const [made] = await tx<{ n: number }[]>`select count(*)::int as n from vaults where created_by = ${accountId}`;
        if (made!.n >= deps.config.quotas.vaults) throw quotaExceeded(`this account has made ${made!.n} vaults, the most this server allows`);
        await tx`insert into vaults (id, created_by, meta) values (${body.id}, ${accountId}, ${body.meta})`;
        await tx`insert into vault_members (vault_id, account_id, role) values (${body.id}, ${accountId}, 'admin')`;
        await insertKeys(tx, body.id, accountId, body.keys);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError(409, 'id-taken', 'a vault with this id exists; generate a new id');
      throw error;
    }
    await changed(body.id, 'members');
    return c.json(await summary(body.id, accountId), 201);
  });

  app.get('/', async (c) => {
    const rows = await sql<VaultRow[]>`
      select v.*, m.role from vaults v join vault_members m on m.vault_id = v.id
      where m.account_id = ${c.get('session').accountId} and m.status = 'active' order by v.created_at, v.id`;
    return c.json({ vaults: rows.map(vaultJson) });
  });

  app.get('/:vaultId', vaultAccess(deps, 'viewer'), async (c) => c.json(await summary(c.req.param('vaultId'), c.get('session').accountId)));

  app.put('/:vaultId/meta', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const body = await readJson(c, putMetaRequestSchema);
    const [row] = await sql<{ meta_revision: string }[]>`
      update vaults set meta = ${body.meta}, meta_revision = meta_revision + 1
      where id = ${vaultId} and meta_revision = ${body.baseRevision} returning meta_revision`;
    if (!row) throw new ApiError(409, 'revision-conflict', 'the vault meta changed meanwhile; fetch it and try again');
    await changed(vaultId, 'meta');
    return c.json({ revision: Number(row.meta_revision) });
  });

  app.get('/:vaultId/members', vaultAccess(deps, 'viewer'), async (c) => {
    const rows = await sql<{ account_id: string; email: string; role: Role; status: 'invited' | 'active'; identity_public_key: string; signing_public_key: string | null }[]>`
      select m.account_id, a.email, m.role, m.status, a.identity_public_key, a.signing_public_key
      from vault_members m join accounts a on a.id = m.account_id
      where m.vault_id = ${c.req.param('vaultId')} order by m.added_at, m.account_id`;
    return c.json({ members: rows.map((r) => ({ accountId: r.account_id, email: r.email, role: r.role, status: r.status, identityPublicKey: r.identity_public_key, signingPublicKey: r.signing_public_key })) });
  });

  // Adding someone invites them: the vault reaches them only once they accept (routes/invitations.ts).
  app.post('/:vaultId/members', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const body = await readJson(c, addMemberRequestSchema);
    try {
      await transaction(sql, async (tx) => {
        await lockVault(tx, vaultId);
        // The invitee's row orders invitations to them, so the quota holds under concurrent invites.
        const [account] = await tx`select 1 from accounts where id = ${body.accountId} for update`;
        if (!account) throw notFound('no such account');
        const [pending] = await tx<{ n: number }[]>`select count(*)::int as n from vault_members where account_id = ${body.accountId} and status = 'invited'`;
        if (pending!.n >= deps.config.quotas.invitations) throw quotaExceeded(`that account already has ${pending!.n} invitations waiting; they need to accept or decline some first`);
        await tx`insert into vault_members (vault_id, account_id, role, status, invited_by) values (${vaultId}, ${body.accountId}, ${body.role}, 'invited', ${c.get('session').accountId})`;
        await insertKeys(tx, vaultId, body.accountId, body.keys);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError(409, 'id-taken', 'that account is already a member');
      throw error;
    }
    await changed(vaultId, 'members');
    return c.body(null, 204);
  });

  app.patch('/:vaultId/members/:accountId', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const accountId = readParam(c, 'accountId', idSchema);
    const { role } = await readJson(c, changeRoleRequestSchema);
    await transaction(sql, async (tx) => {
      await lockVault(tx, vaultId);
      const [row] = await tx`update vault_members set role = ${role} where vault_id = ${vaultId} and account_id = ${accountId} returning 1`;
      if (!row) throw notFound('no such member');
      await ensureAnAdmin(tx, vaultId);
    });
    await changed(vaultId, 'members');
    return c.body(null, 204);
  });

  // An admin deletes the vault for everyone: its items, log, rosters, keys and invitations go with it.
  // Members' clients keep what they hold (the server's word alone deletes nothing there).
  app.delete('/:vaultId', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    await transaction(sql, async (tx) => {
      await lockVault(tx, vaultId);
      await tx`delete from vaults where id = ${vaultId}`;
    });
    await changed(vaultId, 'members');
    return c.body(null, 204);
  });

  // An admin removes anyone; any member may remove themselves (leave the vault).
  app.delete('/:vaultId/members/:accountId', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const accountId = readParam(c, 'accountId', idSchema);
    if (accountId !== c.get('session').accountId && c.get('role') !== 'admin') {
      throw new ApiError(403, 'forbidden', 'only an admin can remove another member');
    }
    await transaction(sql, async (tx) => {
      await lockVault(tx, vaultId);
      const [row] = await tx`delete from vault_members where vault_id = ${vaultId} and account_id = ${accountId} returning 1`;
      if (!row) throw notFound('no such member');
      await tx`delete from vault_keys where vault_id = ${vaultId} and account_id = ${accountId}`;
      // The last member leaving takes the vault with them: nobody could open it again.
      const [left] = await tx<{ n: number }[]>`select count(*)::int as n from vault_members where vault_id = ${vaultId} and status = 'active'`;
      if (left!.n === 0) await tx`delete from vaults where id = ${vaultId}`;
      else await ensureAnAdmin(tx, vaultId);
    });
    await changed(vaultId, 'members');
    return c.body(null, 204);
  });

  app.get('/:vaultId/keys', vaultAccess(deps, 'viewer'), async (c) => {
    const rows = await sql<{ account_id: string; key_version: number; blob: string; revision: string }[]>`
      select account_id, key_version, blob, revision from vault_keys
      where vault_id = ${c.req.param('vaultId')} and account_id = ${c.get('session').accountId} order by key_version`;
    return c.json({ keys: rows.map((r) => ({ accountId: r.account_id, keyVersion: r.key_version, blob: r.blob, revision: Number(r.revision) })) });
  });

  // Members write their own wrapped keys; an admin writes anyone's (adding a version after a rotation).
  app.put('/:vaultId/keys/:accountId/:keyVersion', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const accountId = readParam(c, 'accountId', idSchema);
    const keyVersion = readParam(c, 'keyVersion', keyVersionSchema);
    if (accountId !== c.get('session').accountId && c.get('role') !== 'admin') {
      throw new ApiError(403, 'forbidden', "only an admin can write another member's keys");
    }
    const body = await readJson(c, putVaultKeyRequestSchema);
    // Under the vault's lock, so a key is never written for a member who is being removed.
    const rows = await transaction(sql, async (tx) => {
      await lockVault(tx, vaultId);
      const [member] = await tx`select 1 from vault_members where vault_id = ${vaultId} and account_id = ${accountId}`;
      if (!member) throw notFound('no such member');
      return body.baseRevision === 0
        ? tx<{ revision: string }[]>`
            insert into vault_keys (vault_id, account_id, key_version, blob) values (${vaultId}, ${accountId}, ${keyVersion}, ${body.blob})
            on conflict do nothing returning revision`
        : tx<{ revision: string }[]>`
            update vault_keys set blob = ${body.blob}, revision = revision + 1
            where vault_id = ${vaultId} and account_id = ${accountId} and key_version = ${keyVersion} and revision = ${body.baseRevision}
            returning revision`;
    });
    if (!rows[0]) throw new ApiError(409, 'revision-conflict', 'that key changed meanwhile; fetch the keys and try again');
    await changed(vaultId, 'keys');
    return c.json({ revision: Number(rows[0].revision) });
  });

  // Every member device's signing key, for verifying the vault's audit chain.
  app.get('/:vaultId/devices', vaultAccess(deps, 'viewer'), async (c) => {
    const rows = await sql<DeviceRow[]>`
      select d.* from devices d join vault_members m on m.account_id = d.account_id
      where m.vault_id = ${c.req.param('vaultId')} and m.status = 'active' order by d.created_at, d.id`;
    return c.json({ devices: rows.map(deviceJson) });
  });

  async function summary(vaultId: string, accountId: string) {
    // An admin also learns how many token events wait to be signed into the chain (routes/token-events.ts).
    const [row] = await sql<VaultRow[]>`
      select v.*, m.role, case when m.role = 'admin' then (
        select count(*)::int from access_token_events e
        where e.vault_id = v.id and not e.chained and (e.claimed_until is null or e.claimed_until < now())) end as token_events
      from vaults v join vault_members m on m.vault_id = v.id
      where v.id = ${vaultId} and m.account_id = ${accountId} and m.status = 'active'`;
    if (!row) throw notFound('no such vault');
    return vaultJson(row);
  }

  return app;
}

async function insertKeys(tx: Tx, vaultId: string, accountId: string, keys: { keyVersion: number; blob: string }[]) {
  for (const key of keys) {
    await tx`insert into vault_keys (vault_id, account_id, key_version, blob) values (${vaultId}, ${accountId}, ${key.keyVersion}, ${key.blob})`;
  }
}

/** A vault must keep at least one admin, or nobody could manage it again. */
async function ensureAnAdmin(tx: Tx, vaultId: string) {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from vault_members where vault_id = ${vaultId} and role = 'admin' and status = 'active'`;
  if (!row || row.n === 0) throw new ApiError(409, 'last-admin', 'a vault needs at least one admin; make someone else admin first');
}
