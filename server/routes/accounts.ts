/** Accounts and sessions: register, pre-login, login, logout, the account's keyring blob, password change. */
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { fingerprint } from '../../shared/crypto/fingerprint.js';
import type { KdfParams } from '../../shared/crypto/kdf.js';
import { fromBase64url } from '../../shared/encoding.js';
import {
  changePasswordRequestSchema,
  emailSchema,
  loginRequestSchema,
  preloginRequestSchema,
  putKeyringRequestSchema,
  putSigningKeyRequestSchema,
  registerRequestSchema,
} from '../../shared/protocol/api.js';
import { dummyAuthHash, fakeKdfParams, hashAuthKey, newSessionToken, verifyAuthKey } from '../auth/secrets.js';
import type { AppEnv, Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { transaction, type Tx } from '../db/transaction.js';
import { ApiError, notFound } from '../errors.js';
import { session } from '../middleware/auth.js';
import { loginRateLimit, lookupRateLimit } from '../middleware/rate-limit.js';
import { readJson, readQuery } from '../validate.js';
import { z } from 'zod';

type Db = Sql | Tx;

async function openSession(db: Db, deps: Deps, accountId: string, deviceId: string) {
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(Date.now() + deps.config.sessionDays * 86_400_000);
  await db`insert into sessions (token_hash, account_id, device_id, expires_at) values (${hash}, ${accountId}, ${deviceId}, ${expiresAt})`;
  return { accountId, deviceId, token, expiresAt: expiresAt.toISOString() };
}

export function accountRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const limited = loginRateLimit(deps);

  app.post('/accounts', limited, async (c) => {
    const body = await readJson(c, registerRequestSchema);
    const authHash = await hashAuthKey(Buffer.from(fromBase64url(body.authKey)));
    try {
      const created = await transaction(sql, async (tx) => {
        await tx`insert into accounts (id, email, kdf, auth_hash, keyring, identity_public_key, signing_public_key)
                 values (${body.accountId}, ${body.email}, ${tx.json(body.kdf)}, ${authHash}, ${body.keyring}, ${body.identityPublicKey}, ${body.signingPublicKey ?? null})`;
        await tx`insert into devices (id, account_id, name, signing_public_key)
                 values (${body.device.id}, ${body.accountId}, ${body.device.name}, ${body.device.signingPublicKey})`;
        return openSession(tx, deps, body.accountId, body.device.id);
      });
      return c.json(created, 201);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (error.constraint_name === 'accounts_email_key') throw new ApiError(409, 'email-taken', 'an account with this email exists; log in instead');
      throw new ApiError(409, 'id-taken', 'that account or device id is already in use; generate a new one');
    }
  });

  app.post('/prelogin', limited, async (c) => {
    const { email } = await readJson(c, preloginRequestSchema);
    const [row] = await sql<{ kdf: KdfParams }[]>`select kdf from accounts where email = ${email}`;
    // Rebuilt field by field, so a stored account and a made-up one serialise alike (jsonb reorders keys).
    const { alg, iterations, salt } = row?.kdf ?? fakeKdfParams(deps.serverSecret, email);
    return c.json({ kdf: { alg, iterations, salt } });
  });

  app.post('/login', limited, async (c) => {
    const body = await readJson(c, loginRequestSchema);
    const [account] = await sql<{ id: string; auth_hash: string }[]>`select id, auth_hash from accounts where email = ${body.email}`;
    // Unknown email and wrong key cost the same scrypt and give the same answer.
    const ok = await verifyAuthKey(Buffer.from(fromBase64url(body.authKey)), account?.auth_hash ?? (await dummyAuthHash()));
    if (!account || !ok) throw new ApiError(401, 'invalid-credentials', 'wrong email or password');
    const created = await transaction(sql, async (tx) => {
      // Insert-or-keep, then read under a row lock: two sign-ins of one new device at once both end
      // here with the same row instead of one of them failing on the primary key.
      await tx`insert into devices (id, account_id, name, signing_public_key)
               values (${body.device.id}, ${account.id}, ${body.device.name}, ${body.device.signingPublicKey})
               on conflict (id) do nothing`;
      const [device] = await tx<{ account_id: string; signing_public_key: string; revoked: boolean }[]>`
        select account_id, signing_public_key, revoked_at is not null as revoked from devices where id = ${body.device.id} for update`;
      if (device!.account_id !== account.id || device!.signing_public_key !== body.device.signingPublicKey) {
        throw new ApiError(409, 'id-taken', 'that device id is registered with another key; generate a new device id');
      }
      if (device!.revoked) throw new ApiError(401, 'device-revoked', 'this device was revoked; sign in as a new device');
      return openSession(tx, deps, account.id, body.device.id);
    });
    return c.json(created);
  });

  app.post('/logout', session(deps), async (c) => {
    await sql`delete from sessions where token_hash = ${c.get('session').tokenHash}`;
    return c.body(null, 204);
  });

  app.get('/account', session(deps), async (c) => {
    const [row] = await sql<{ id: string; email: string; kdf: unknown; keyring: string; keyring_revision: string; identity_public_key: string; signing_public_key: string | null }[]>`
      select id, email, kdf, keyring, keyring_revision, identity_public_key, signing_public_key from accounts where id = ${c.get('session').accountId}`;
    if (!row) throw notFound('no such account');
    return c.json({
      accountId: row.id,
      email: row.email,
      kdf: row.kdf,
      keyring: row.keyring,
      keyringRevision: Number(row.keyring_revision),
      identityPublicKey: row.identity_public_key,
      signingPublicKey: row.signing_public_key,
    });
  });

  // Set once (an account made before v2 adds it on its first v2 sign-in); never replaced, so a stolen
  // session cannot swap in a key of its own and certify devices with it.
  app.put('/account/signing-key', session(deps), async (c) => {
    const { publicSpki } = await readJson(c, putSigningKeyRequestSchema);
    const [row] = await sql<{ signing_public_key: string }[]>`
      update accounts set signing_public_key = coalesce(signing_public_key, ${publicSpki})
      where id = ${c.get('session').accountId} returning signing_public_key`;
    if (!row) throw notFound('no such account');
    if (row.signing_public_key !== publicSpki) throw new ApiError(409, 'id-taken', 'this account already has another identity signing key');
    return c.body(null, 204);
  });

  app.put('/account/keyring', session(deps), async (c) => {
    const body = await readJson(c, putKeyringRequestSchema);
    const [row] = await sql<{ keyring_revision: string }[]>`
      update accounts set keyring = ${body.keyring}, keyring_revision = keyring_revision + 1
      where id = ${c.get('session').accountId} and keyring_revision = ${body.baseRevision}
      returning keyring_revision`;
    if (!row) throw await keyringConflict(sql, c.get('session').accountId);
    return c.json({ revision: Number(row.keyring_revision) });
  });

  app.post('/account/password', limited, session(deps), async (c) => {
    const body = await readJson(c, changePasswordRequestSchema);
    const { accountId, tokenHash } = c.get('session');
    const [account] = await sql<{ auth_hash: string }[]>`select auth_hash from accounts where id = ${accountId}`;
    if (!account || !(await verifyAuthKey(Buffer.from(fromBase64url(body.currentAuthKey)), account.auth_hash))) {
      throw new ApiError(401, 'invalid-credentials', 'the current password is wrong');
    }
    const authHash = await hashAuthKey(Buffer.from(fromBase64url(body.authKey)));
    const revision = await transaction(sql, async (tx) => {
      const [row] = await tx<{ keyring_revision: string }[]>`
        update accounts set kdf = ${tx.json(body.kdf)}, auth_hash = ${authHash}, keyring = ${body.keyring}, keyring_revision = keyring_revision + 1
        where id = ${accountId} and keyring_revision = ${body.baseRevision}
        returning keyring_revision`;
      if (!row) throw await keyringConflict(tx, accountId);
      // Other sessions were opened with the old password: they end, and those devices sign in again.
      await tx`delete from sessions where account_id = ${accountId} and token_hash <> ${tokenHash}`;
      return Number(row.keyring_revision);
    });
    return c.json({ revision });
  });

  app.get('/identity', session(deps), lookupRateLimit(deps), async (c) => {
    const { email } = readQuery(c, z.strictObject({ email: emailSchema }));
    const [row] = await sql<{ id: string; email: string; identity_public_key: string; signing_public_key: string | null }[]>`
      select id, email, identity_public_key, signing_public_key from accounts where email = ${email}`;
    if (!row) throw notFound('no account with that email');
    return c.json({
      accountId: row.id,
      email: row.email,
      identityPublicKey: row.identity_public_key,
      signingPublicKey: row.signing_public_key,
      fingerprint: await fingerprint(fromBase64url(row.identity_public_key)),
    });
  });

  return app;
}

async function keyringConflict(db: Db, accountId: string): Promise<ApiError> {
  const [row] = await db<{ keyring_revision: string }[]>`select keyring_revision from accounts where id = ${accountId}`;
  return new ApiError(409, 'revision-conflict', 'the keyring changed on another device; fetch it and try again', {
    revision: Number(row?.keyring_revision ?? 0),
  });
}
