import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_LIMITS } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let base: string;
let user: TestUser;
let vault: TestVault;

beforeAll(async () => {
  base = server.base;
  user = await registerUser(base);
  vault = await createVault(base, user);
});

type Case = [name: string, method: string, path: () => string, body: { raw?: string; json?: unknown }, status: number, auth?: 'token' | string];
const nested = '['.repeat(5000) + ']'.repeat(5000);

const CASES: Case[] = [
  ['malformed JSON', 'POST', () => '/v1/prelogin', { raw: '{"email": "a@b.c",' }, 400],
  ['JSON that is not an object', 'POST', () => '/v1/prelogin', { raw: '["a@b.c"]' }, 400],
  ['null body', 'POST', () => '/v1/login', { raw: 'null' }, 400],
  ['empty body', 'POST', () => '/v1/accounts', { raw: '' }, 400],
  ['deeply nested JSON', 'POST', () => '/v1/prelogin', { raw: nested }, 400],
  ['wrong type', 'POST', () => '/v1/prelogin', { json: { email: 12345 } }, 400],
  ['huge string', 'POST', () => '/v1/prelogin', { json: { email: 'a'.repeat(100_000) + '@example.com' } }, 400],
  ['unknown field', 'POST', () => '/v1/prelogin', { json: { email: 'a@example.com', isAdmin: true } }, 400],
  ['negative revision', 'PUT', () => '/v1/account/keyring', { json: { baseRevision: -1, keyring: 'x' } }, 400, 'token'],
  ['fractional revision', 'PUT', () => '/v1/account/keyring', { json: { baseRevision: 1.5, keyring: 'x' } }, 400, 'token'],
  ['revision beyond 2^53', 'PUT', () => '/v1/account/keyring', { json: { baseRevision: 2 ** 60, keyring: 'x' } }, 400, 'token'],
  ['empty push', 'POST', () => `/v1/vaults/${vault.vaultId}/items`, { json: { items: [] } }, 400, 'token'],
  ['item id that is not a UUID', 'POST', () => `/v1/vaults/${vault.vaultId}/items`, { json: { items: [{ itemId: '../../etc', baseRevision: 0, blob: 'x' }] } }, 400, 'token'],
  ['blob of the wrong type', 'POST', () => `/v1/vaults/${vault.vaultId}/items`, { json: { items: [{ itemId: randomUUID(), baseRevision: 0, blob: { a: 1 } }] } }, 400, 'token'],
  ['SQL in a query value', 'GET', () => `/v1/vaults/${vault.vaultId}/changes?after=1;drop%20table%20items`, {}, 400, 'token'],
  ['vault id that is not a UUID', 'GET', () => "/v1/vaults/1' or '1'='1/changes", {}, 404, 'token'],
  ['oversize body', 'POST', () => '/v1/prelogin', { raw: '{"email":"' + 'a'.repeat(PROTOCOL_LIMITS.bodyBytes) + '"}' }, 413],
  ['garbage bearer token', 'GET', () => '/v1/account', {}, 401, 'Bearer ' + '\u0000'.repeat(10)],
  ['very long bearer token', 'GET', () => '/v1/account', {}, 401, 'Bearer ' + 'a'.repeat(8000)],
  ['basic auth instead of bearer', 'GET', () => '/v1/account', {}, 401, 'Basic dXNlcjpwYXNz'],
  ['unknown route', 'GET', () => '/v1/../../etc/passwd', {}, 404],
  ['unsupported method', 'DELETE', () => '/v1/account', {}, 404, 'token'],
];

describe('bad input', () => {
  it.each(CASES)('%s → %i with a JSON error, and the server keeps serving', async (_name, method, path, body, status, auth) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth === 'token' ? `Bearer ${user.device.token}` : auth.replace(/\u0000/g, '');
    const res = await call(base, method, path(), { raw: body.raw, body: body.json, headers });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message']);
    expect(JSON.stringify(res.body)).not.toMatch(/ at .*\.(ts|js):\d+/); // no stack trace
    expect((await call(base, 'GET', '/health')).status).toBe(200);
  });

  it('keeps every earlier write after all of the above', async () => {
    const itemId = randomUUID();
    await call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob: 'kept' }] } });
    const pulled = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=0`, { token: user.device.token });
    expect(pulled.body.changes.map((c: { itemId: string }) => c.itemId)).toContain(itemId);
  });
});

describe('logs', () => {
  it('never contain a token, an auth key, a password, an email or a blob', async () => {
    const someone = await registerUser(base, `private.person-${randomUUID()}@example.com`);
    const second = await loginNewDevice(base, someone);
    const theirVault = await createVault(base, someone);
    const itemId = randomUUID();
    const blob = await sealedBlob(theirVault, itemId, 'sk_live_never_in_logs_123456');
    await call(base, 'POST', `/v1/vaults/${theirVault.vaultId}/items`, { token: second.token, body: { items: [{ itemId, baseRevision: 0, blob }] } });
    await call(base, 'GET', `/v1/account`, { token: 'x'.repeat(43) });
    await call(base, 'POST', '/v1/login', { body: { email: someone.email, authKey: someone.authKey, device: { id: 'bad' } } });

    expect(server.cluster.logs.length).toBeGreaterThan(5);
    expect(server.cluster.logs.join('\n')).toContain('"route":"/v1/vaults/:vaultId/items"');
    const text = server.cluster.logs.join('\n');
    for (const secret of [someone.device.token, second.token, someone.authKey, someone.password, someone.email, blob.slice(20, 60), 'sk_live_never_in_logs', theirVault.vaultId, itemId]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('health and metrics', () => {
  it('serves Prometheus metrics labelled by route pattern, never by id', async () => {
    const res = await fetch(base + '/metrics');
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(/keyhaven_http_requests_total\{method="POST",route="\/v1\/vaults\/:vaultId\/items",status="200"\} \d+/);
    expect(text).toContain('keyhaven_items_written_total');
    expect(text).not.toContain(vault.vaultId);
  });

  it('sends security headers and allows extension origins by CORS, not arbitrary sites', async () => {
    const ext = await fetch(base + '/health', { headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' } });
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const evil = await fetch(base + '/health', { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(ext.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ext.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
