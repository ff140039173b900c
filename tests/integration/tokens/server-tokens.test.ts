/**
 * Access tokens on a real server (PostgreSQL in CI, PGlite locally): a token reads exactly its scope even
 * to someone holding the whole database, writes nothing, is refused with a code that says why, holds to
 * its rate limit, records its last use, and its revocation reaches open sessions at once.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  deriveTokenSecrets,
  formatToken,
  importTokenKey,
  itemEnvelopeSchema,
  openItemWithDek,
  parseToken,
  readEnvelope,
  readWithToken,
  trashItem,
  revokeToken,
  tokenRoutes,
  unwrapDekForToken,
  unwrapVaultKeyForToken,
  fromBase64url,
  type TokenKey,
} from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { openSocket } from '../../support/socket.js';
import { tokenVault } from '../../support/tokens.js';

const server = useCluster();
const limited = useCluster(1, { tokenRatePerMinute: 5, tokenRateWindowMs: 1500 });

const ITEMS = [
  { name: 'OPENAI_KEY', tags: ['ci'], environment: 'prod', value: 'sk-openai-0001' },
  { name: 'STRIPE_KEY', tags: ['billing'], environment: 'prod', value: 'sk_live_0002' },
  { name: 'GITHUB_TOKEN', tags: ['ci'], environment: 'dev', value: 'ghp_0003' },
  { name: 'AWS_SECRET', tags: [], environment: 'prod', value: 'aws-0004' },
];

async function credentialOf(token: string) {
  const { credential, keyBytes } = await deriveTokenSecrets(parseToken(token));
  return { credential, key: await importTokenKey(keyBytes) };
}

const sql = () => server.cluster.database.sql;

describe('access tokens on the server', () => {
  it('with the whole database and a narrowed token, only the items in its scope open', async () => {
    const v = await tokenVault(server.base, ITEMS);
    const narrowed = await v.make({ name: 'ci only', scope: { items: null, tags: ['ci'], environment: null } });
    const wide = await v.make({ name: 'everything' });
    const read = await readWithToken(narrowed.token, { baseUrl: server.base });
    expect(read.items.map((i) => i.payload.name).sort()).toEqual(['GITHUB_TOKEN', 'OPENAI_KEY']);
    expect(read.problems).toEqual([]);

    // The attacker's view: every row of the vault's items, every grant and key copy of every token.
    const items = await sql()<{ id: string; revision: string; blob: string }[]>`select id, revision, blob from items where vault_id = ${v.vault.vaultId} and not deleted`;
    const grants = await sql()<{ blob: string }[]>`select blob from access_token_grants`;
    const copies = await sql()<{ blob: string; key_version: number }[]>`select blob, key_version from access_token_keys`;
    const { key } = await credentialOf(narrowed.token);
    const opened = new Set<string>();
    for (const item of items) {
      const envelope = itemEnvelopeSchema.parse(readEnvelope(item.blob));
      for (const tokenId of [narrowed.id, wide.id]) {
        for (const g of grants) {
          const dek = await unwrapDekForToken(g.blob, item.id, Number(item.revision), { vaultId: v.vault.vaultId, tokenId }, key as TokenKey).catch(() => null);
          if (dek && (await openItemWithDek(envelope, { vaultId: v.vault.vaultId, itemId: item.id }, dek).catch(() => null))) opened.add(item.id);
        }
        for (const c of copies) {
          const vaultKey = await unwrapVaultKeyForToken(c.blob, c.key_version, { vaultId: v.vault.vaultId, tokenId }, key as TokenKey).catch(() => null);
          expect(vaultKey, 'a vault key copy opened with a narrowed token').toBeNull();
        }
      }
    }
    expect([...opened].sort()).toEqual([v.ids.get('GITHUB_TOKEN')!, v.ids.get('OPENAI_KEY')!].sort());
  });

  it('a token scoped to named items says which one the server withheld, and reads the rest', async () => {
    const v = await tokenVault(server.base, ITEMS);
    const [openai, stripe] = [v.ids.get('OPENAI_KEY')!, v.ids.get('STRIPE_KEY')!];
    const made = await v.make({ name: 'two keys', scope: { items: [openai, stripe], tags: null, environment: null } });
    const read = await readWithToken(made.token, { baseUrl: server.base });
    expect(read.items.map((i) => i.payload.name).sort()).toEqual(['OPENAI_KEY', 'STRIPE_KEY']);
    expect(read.problems).toEqual([]);

    // The server drops one item's grant, so the token is served the other alone.
    await sql()`delete from access_token_grants where token_id = ${made.id} and item_id = ${stripe}`;
    const withheld = await readWithToken(made.token, { baseUrl: server.base });
    expect(withheld.items.map((i) => i.payload.name)).toEqual(['OPENAI_KEY']);
    expect(withheld.problems).toEqual([{ itemId: stripe, message: expect.stringMatching(/did not send it: it was deleted, or the server withheld it/) }]);
  });

  it('a key in the Trash is never handed to a token, and is not reported missing either', async () => {
    const v = await tokenVault(server.base, ITEMS.slice(0, 2));
    const wide = await v.make({ name: 'everything' });
    await v.client.engine.update(v.vault.vaultId, v.ids.get('STRIPE_KEY')!, (p) => trashItem(p, new Date()));
    await v.client.engine.sync([v.vault.vaultId]);
    const read = await readWithToken(wide.token, { baseUrl: server.base });
    expect(read.items.map((i) => i.payload.name)).toEqual(['OPENAI_KEY']);
    expect(read.problems).toEqual([]);
  });

  it('keeps nothing a token could be rebuilt from: no stored value works as a token or a credential', async () => {
    const v = await tokenVault(server.base, ITEMS.slice(0, 2));
    const made = await v.make({ name: 'material', scope: { items: null, tags: ['ci'], environment: null } });
    await readWithToken(made.token, { baseUrl: server.base });
    const rows = await sql()<Record<string, unknown>[]>`
      select t.*, g.blob as grant_blob, e.ip as event_ip from access_tokens t
      left join access_token_grants g on g.token_id = t.id left join access_token_events e on e.token_id = t.id where t.id = ${made.id}`;
    const values = new Set<string>();
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (typeof value === 'string') values.add(value);
        if (value instanceof Uint8Array) values.add(Buffer.from(value).toString('base64url'));
      }
    }
    expect(values.size).toBeGreaterThan(5);
    for (const value of values) {
      expect((await call(server.base, 'GET', '/v1/token', { token: value })).status).toBe(401);
      const bytes = /^[A-Za-z0-9_-]{43}$/.test(value) ? fromBase64url(value) : null;
      if (bytes) await expect(readWithToken(formatToken(bytes), { baseUrl: server.base })).rejects.toThrow();
    }
    // And the real token still works: the check above could fail.
    expect((await readWithToken(made.token, { baseUrl: server.base })).items).toHaveLength(1);
  });

  it('refuses writes, and a revoked, expired, unknown or out-of-range token, each with its own code', async () => {
    const v = await tokenVault(server.base, ITEMS.slice(0, 1));
    const made = await v.make({ name: 'codes' });
    const { credential } = await credentialOf(made.token);
    const get = () => call(server.base, 'GET', '/v1/token/items', { token: credential });
    expect((await get()).status).toBe(200);

    const write = await call(server.base, 'POST', `/v1/vaults/${v.vault.vaultId}/items`, { token: credential, body: { items: [] } });
    expect([write.status, write.body.error.code]).toEqual([403, 'token-read-only']);
    const viaTokenRoute = await call(server.base, 'POST', '/v1/token/items', { token: credential, body: {} });
    expect([viaTokenRoute.status, viaTokenRoute.body.error.code]).toEqual([403, 'token-read-only']);

    const unknown = await call(server.base, 'GET', '/v1/token', { token: credential.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'token-unknown']);

    const outside = await v.make({ name: 'office only', allowedIps: ['10.0.0.0/8', '2001:db8::/32'] });
    const refused = await call(server.base, 'GET', '/v1/token', { token: (await credentialOf(outside.token)).credential });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'token-ip-refused']);
    const inside = await v.make({ name: 'loopback', allowedIps: ['127.0.0.0/8', '::1/128'] });
    expect((await call(server.base, 'GET', '/v1/token', { token: (await credentialOf(inside.token)).credential })).status).toBe(200);

    await sql()`update access_tokens set expires_at = now() - interval '1 second' where id = ${made.id}`;
    const expired = await get();
    expect([expired.status, expired.body.error.code]).toEqual([401, 'token-expired']);
    await sql()`update access_tokens set expires_at = null where id = ${made.id}`;
    await revokeToken(v.client.api, v.vault.vaultId, made.id);
    const revoked = await get();
    expect([revoked.status, revoked.body.error.code]).toEqual([401, 'token-revoked']);
    await expect(readWithToken(made.token, { baseUrl: server.base })).rejects.toMatchObject({ server: { code: 'token-revoked' } });
    expect(await sql()`select 1 from access_token_keys where token_id = ${made.id}`).toHaveLength(0);

    // The refusals are listed for the vault's members, with the reason and the address.
    // The server records a refusal after answering it.
    await vi.waitFor(async () => {
      const listed = await tokenRoutes(v.client.api).list(v.vault.vaultId);
      expect(listed.tokens.find((t) => t.id === made.id)?.lastRefusal).toMatchObject({ reason: 'revoked', ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
      expect(listed.tokens.find((t) => t.id === outside.id)?.lastRefusal).toMatchObject({ reason: 'ip-refused' });
    }, { timeout: 10_000, interval: 50 });
  });

  it('records the last use, and the first use of each day as an event, without a write per request', async () => {
    const v = await tokenVault(server.base, ITEMS.slice(0, 1));
    const made = await v.make({ name: 'last use' });
    const before = await tokenRoutes(v.client.api).list(v.vault.vaultId);
    expect(before.tokens[0]).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    for (let i = 0; i < 3; i++) await readWithToken(made.token, { baseUrl: server.base });
    await vi.waitFor(async () => {
      const after = (await tokenRoutes(v.client.api).list(v.vault.vaultId)).tokens[0]!;
      expect(after.lastUsedAt).toBeGreaterThan(Date.now() - 60_000);
      expect(after.lastUsedIp).toMatch(/127\.0\.0\.1|::1/);
    }, { timeout: 10_000, interval: 50 });
    await vi.waitFor(async () => {
      const events = await sql()<{ kind: string }[]>`select kind from access_token_events where token_id = ${made.id}`;
      expect(events.map((e) => e.kind)).toEqual(['use']);
    }, { timeout: 10_000, interval: 50 });
  });

  it('holds a burst to the rate limit with Retry-After, and lets the token in again after the window', async () => {
    const v = await tokenVault(limited.base, ITEMS.slice(0, 1));
    const made = await v.make({ name: 'burst' });
    const { credential } = await credentialOf(made.token);
    const burst = await Promise.all(Array.from({ length: 12 }, () => call(limited.base, 'GET', '/v1/token', { token: credential })));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const limitedReply = burst.find((r) => r.status === 429)!;
    expect(limitedReply.body.error.code).toBe('rate-limited');
    const wait = Number(limitedReply.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect((await call(limited.base, 'GET', '/v1/token', { token: credential })).status).toBe(200);
  });

  it('tells every open session of the vault about a revocation at once', async () => {
    const v = await tokenVault(server.base, ITEMS.slice(0, 1));
    const made = await v.make({ name: 'live' });
    const socket = await openSocket(server.base, v.user.device.token);
    await socket.next((e) => e.type === 'ready');
    await revokeToken(v.client.api, v.vault.vaultId, made.id);
    expect(await socket.next((e) => e.type === 'changed' && e.kind === 'tokens')).toMatchObject({ vaultId: v.vault.vaultId });
    socket.close();
  });
});
