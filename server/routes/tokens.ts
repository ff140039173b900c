/**
 * Access tokens, as the vault's members manage them (docs/api.md "Access tokens"). Admins create,
 * revoke and re-wrap; every member lists them (each writer wraps, for the narrowed ones, the DEK of each
 * write in their scope). Every change takes the vault's row lock and raises its `token_seq`, the same
 * lock and counter a push checks, so no write slips between a token's grants and its first push.
 */
import { Hono } from 'hono';
import { idSchema } from '../../shared/protocol/api.js';
import { createTokenRequestSchema, MAX_TOKENS_PER_VAULT, rewrapTokenRequestSchema, type TokenSummary } from '../../shared/protocol/tokens.js';
import type { AppEnv, Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { transaction, type Tx } from '../db/transaction.js';
import { ApiError, notFound } from '../errors.js';
import { session, vaultAccess } from '../middleware/auth.js';
import { readJson, readParam } from '../validate.js';

interface TokenListRow {
  id: string;
  descriptor: string;
  mode: 'vault' | 'items';
  expires_at: Date | null;
  allowed_ips: string[];
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  last_used_ip: string | null;
  refused_at: Date | null;
  refused_reason: string | null;
  refused_ip: string | null;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

const summaryJson = (r: TokenListRow): TokenSummary => ({
  id: r.id,
  descriptor: r.descriptor,
  mode: r.mode,
  expiresAt: ms(r.expires_at),
  allowedIps: r.allowed_ips,
  createdAt: r.created_at.getTime(),
  createdBy: r.created_by,
  revokedAt: ms(r.revoked_at),
  lastUsedAt: ms(r.last_used_at),
  lastUsedIp: r.last_used_ip,
  lastRefusal: r.refused_at ? { at: r.refused_at.getTime(), reason: r.refused_reason ?? 'unknown', ip: r.refused_ip ?? '' } : null,
});

/** Locks the vault row and raises its token counter; returns the new value. */
async function bumpTokenSeq(tx: Tx, vaultId: string): Promise<number> {
  const [row] = await tx<{ token_seq: string }[]>`update vaults set token_seq = token_seq + 1 where id = ${vaultId} returning token_seq`;
  if (!row) throw notFound('no such vault');
  return Number(row.token_seq);
}

export function tokenRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use(session(deps));
  const changed = (vaultId: string, seq: number) => deps.notifier.publish({ vaultId, kind: 'tokens', seq });

  app.get('/:vaultId/tokens', vaultAccess(deps, 'viewer'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const [vault] = await sql<{ token_seq: string }[]>`select token_seq from vaults where id = ${vaultId}`;
    const rows = await sql<TokenListRow[]>`
      select t.id, t.descriptor, t.mode, t.expires_at, t.allowed_ips, t.created_at, t.created_by, t.revoked_at, t.last_used_at, t.last_used_ip,
        e.at as refused_at, e.reason as refused_reason, e.ip as refused_ip
      from access_tokens t
      left join lateral (select at, reason, ip from access_token_events where token_id = t.id and kind = 'refuse' order by id desc limit 1) e on true
      where t.vault_id = ${vaultId} order by t.created_at, t.id`;
    return c.json({ seq: Number(vault!.token_seq), tokens: rows.map(summaryJson) });
  });

  app.post('/:vaultId/tokens', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const body = await readJson(c, createTokenRequestSchema);
    if ((body.mode === 'vault') !== (body.grants.length === 0 && body.keys.length > 0)) {
      throw new ApiError(400, 'bad-request', 'a vault-wide token comes with vault keys and no grants; a narrowed one with grants and no vault keys');
    }
    if (body.expiresAt !== null && body.expiresAt <= Date.now()) throw new ApiError(400, 'bad-request', 'body.expiresAt: the expiry is in the past');
    const seq = await transaction(sql, async (tx) => {
      const [vault] = await tx<{ token_seq: string }[]>`select token_seq from vaults where id = ${vaultId} for update`;
      if (Number(vault!.token_seq) !== body.baseSeq) throw tokensChanged();
      const [live] = await tx<{ n: number }[]>`select count(*)::int as n from access_tokens where vault_id = ${vaultId} and revoked_at is null`;
      if (live!.n >= MAX_TOKENS_PER_VAULT) throw new ApiError(400, 'bad-request', `this vault has ${live!.n} live access tokens, the most allowed; revoke one first`);
      await checkGrantRevisions(tx, vaultId, body.grants);
      try {
        await tx`
          insert into access_tokens (id, vault_id, credential_hash, descriptor, view, mode, expires_at, allowed_ips, created_by)
          values (${body.id}, ${vaultId}, ${Buffer.from(body.credentialHash, 'base64url')}, ${body.descriptor}, ${body.view}, ${body.mode},
            ${body.expiresAt === null ? null : new Date(body.expiresAt)}, ${body.allowedIps}, ${c.get('session').accountId})`;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ApiError(409, 'id-taken', 'a token with this id or credential exists; make a new token');
        throw error;
      }
      if (body.keys.length > 0) await tx`insert into access_token_keys ${tx(body.keys.map((k) => ({ token_id: body.id, key_version: k.keyVersion, blob: k.blob })))}`;
      if (body.grants.length > 0) {
        await tx`insert into access_token_grants ${tx(body.grants.map((g) => ({ token_id: body.id, vault_id: vaultId, item_id: g.itemId, revision: g.revision, blob: g.blob })))}`;
      }
      return bumpTokenSeq(tx, vaultId);
    });
    await changed(vaultId, seq);
    return c.json({ seq }, 201);
  });

  app.post('/:vaultId/tokens/:tokenId/revoke', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const tokenId = readParam(c, 'tokenId', idSchema);
    const seq = await transaction(sql, async (tx) => {
      await tx`select 1 from vaults where id = ${vaultId} for update`;
      const [row] = await tx`update access_tokens set revoked_at = coalesce(revoked_at, now()) where id = ${tokenId} and vault_id = ${vaultId} returning id`;
      if (!row) throw notFound('no such access token in this vault');
      // What the token could read goes for good: a revoked token opens nothing even with the database.
      await tx`delete from access_token_keys where token_id = ${tokenId}`;
      await tx`delete from access_token_grants where token_id = ${tokenId}`;
      return bumpTokenSeq(tx, vaultId);
    });
    await changed(vaultId, seq);
    return c.json({ seq });
  });

  app.put('/:vaultId/tokens/:tokenId/keys', vaultAccess(deps, 'admin'), async (c) => {
    const vaultId = c.req.param('vaultId');
    const tokenId = readParam(c, 'tokenId', idSchema);
    const body = await readJson(c, rewrapTokenRequestSchema);
    const seq = await transaction(sql, async (tx) => {
      await tx`select 1 from vaults where id = ${vaultId} for update`;
      const [row] = await tx<{ mode: string }[]>`select mode from access_tokens where id = ${tokenId} and vault_id = ${vaultId} and revoked_at is null`;
      if (!row) throw notFound('no such live access token in this vault');
      if (row.mode !== 'vault' && body.keys.length > 0) throw new ApiError(400, 'bad-request', 'a narrowed token holds no vault keys');
      await tx`update access_tokens set descriptor = ${body.descriptor} where id = ${tokenId}`;
      for (const k of body.keys) {
        await tx`insert into access_token_keys (token_id, key_version, blob) values (${tokenId}, ${k.keyVersion}, ${k.blob})
          on conflict (token_id, key_version) do update set blob = excluded.blob`;
      }
      return bumpTokenSeq(tx, vaultId);
    });
    await changed(vaultId, seq);
    return c.json({ seq });
  });

  return app;
}

export const tokensChanged = () =>
  new ApiError(409, 'tokens-changed', "this vault's access tokens changed since this device last read them; read them again and retry");

/** A grant names the revision it opens: it must be the item's current one (a write since was not granted). */
async function checkGrantRevisions(tx: Tx, vaultId: string, grants: { itemId: string; revision: number }[]): Promise<void> {
  if (grants.length === 0) return;
  const rows = await tx<{ id: string; revision: string; deleted: boolean }[]>`
    select id, revision, deleted from items where vault_id = ${vaultId} and id in ${tx(grants.map((g) => g.itemId))}`;
  const current = new Map(rows.map((r) => [r.id, r]));
  for (const g of grants) {
    const row = current.get(g.itemId);
    if (!row || row.deleted || Number(row.revision) !== g.revision) {
      throw new ApiError(409, 'revision-conflict', `item ${g.itemId} is not at revision ${g.revision} any more; sync and make the token again`);
    }
  }
}
