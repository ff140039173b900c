/**
 * The authorization matrix, case by case. Each vault route is called by every kind of caller; an
 * allowed caller sends an empty body, so "allowed" shows as 200 (reads) or 400 (the body check that
 * runs only after authorization), and a refusal as 401, 403 or 404 (a non-member learns nothing).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, type TestUser, type TestVault, revokeDevice, addMember } from '../../support/users.js';

type Caller = 'no token' | 'expired' | 'revoked device' | 'non-member' | 'viewer' | 'editor' | 'admin';
const CALLERS: Caller[] = ['no token', 'expired', 'revoked device', 'non-member', 'viewer', 'editor', 'admin'];

const server = useCluster();
let base: string;
let vault: TestVault;
const tokens = new Map<Caller, string | undefined>();
let viewer: TestUser;

beforeAll(async () => {
  base = server.base;
  const admin = await registerUser(base);
  const editor = await registerUser(base);
  viewer = await registerUser(base);
  const outsider = await registerUser(base);
  vault = await createVault(base, admin);
  for (const [user, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) {
    const res = await addMember(base, admin, vault, user, role, [{ keyVersion: 1, blob: 'wrapped-for-member' }]);
    expect(res.status).toBe(204);
  }
  const expired = await loginNewDevice(base, admin, 'old laptop');
  await server.cluster.database.sql`update sessions set expires_at = now() - interval '1 minute' where device_id = ${expired.id}`;
  const revoked = await loginNewDevice(base, admin, 'lost phone');
  expect((await revokeDevice(base, admin, revoked.id)).status).toBe(200);
  tokens.set('no token', undefined);
  tokens.set('expired', expired.token);
  tokens.set('revoked device', revoked.token);
  tokens.set('non-member', outsider.device.token);
  tokens.set('viewer', viewer.device.token);
  tokens.set('editor', editor.device.token);
  tokens.set('admin', admin.device.token);
});

const DENIED_TOKEN = { 'no token': 401, expired: 401, 'revoked device': 401, 'non-member': 404 } as const;
const read = { ...DENIED_TOKEN, viewer: 200, editor: 200, admin: 200 };
const write = { ...DENIED_TOKEN, viewer: 403, editor: 400, admin: 400 };
const anyMember = { ...DENIED_TOKEN, viewer: 400, editor: 400, admin: 400 };
const adminOnly = { ...DENIED_TOKEN, viewer: 403, editor: 403, admin: 400 };

const ROUTES: { name: string; method: string; path: (v: string) => string; expect: Record<Caller, number> }[] = [
  { name: 'read the vault', method: 'GET', path: (v) => `/v1/vaults/${v}`, expect: read },
  { name: 'pull changes', method: 'GET', path: (v) => `/v1/vaults/${v}/changes`, expect: read },
  { name: 'read the audit log', method: 'GET', path: (v) => `/v1/vaults/${v}/audit`, expect: read },
  { name: 'list members', method: 'GET', path: (v) => `/v1/vaults/${v}/members`, expect: read },
  { name: 'read own keys', method: 'GET', path: (v) => `/v1/vaults/${v}/keys`, expect: read },
  { name: 'list member devices', method: 'GET', path: (v) => `/v1/vaults/${v}/devices`, expect: read },
  { name: 'push items', method: 'POST', path: (v) => `/v1/vaults/${v}/items`, expect: write },
  { name: 'append audit entries', method: 'POST', path: (v) => `/v1/vaults/${v}/audit`, expect: anyMember },
  { name: 'write the vault meta', method: 'PUT', path: (v) => `/v1/vaults/${v}/meta`, expect: adminOnly },
  { name: 'add a member', method: 'POST', path: (v) => `/v1/vaults/${v}/members`, expect: adminOnly },
  { name: "change a member's role", method: 'PATCH', path: (v) => `/v1/vaults/${v}/members/${viewer.accountId}`, expect: adminOnly },
];

describe('authorization matrix', () => {
  for (const route of ROUTES) {
    it.each(CALLERS)(`${route.name}: %s`, async (caller) => {
      const res = await call(base, route.method, route.path(vault.vaultId), { token: tokens.get(caller), body: route.method === 'GET' ? undefined : {} });
      expect(res.status, JSON.stringify(res.body)).toBe(route.expect[caller]);
      expect(res.body).toBeTypeOf('object');
      // Only a revoked device is told more: when, and by which of its account's devices (decision 112).
      const fields = res.body.error?.code === 'device-revoked' ? ['code', 'details', 'message'] : ['code', 'message'];
      if (res.status >= 400) expect(Object.keys(res.body.error).sort()).toEqual(fields);
      if (caller === 'revoked device') expect(Object.keys(res.body.error.details).sort()).toEqual(['revokedAt', 'revokedBy']);
    });
  }

  it('answers a vault that does not exist exactly as one the caller is not a member of', async () => {
    const missing = await call(base, 'GET', `/v1/vaults/${crypto.randomUUID()}`, { token: tokens.get('admin') });
    const foreign = await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: tokens.get('non-member') });
    expect(missing.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
  });

  it("lets only an admin write another member's keys, and any member their own", async () => {
    const path = (who: string) => `/v1/vaults/${vault.vaultId}/keys/${who}/2`;
    const own = await call(base, 'PUT', path(viewer.accountId), { token: tokens.get('viewer'), body: { baseRevision: 0, blob: 'v2-for-viewer' } });
    expect(own.status).toBe(200);
    const others = await call(base, 'PUT', path(viewer.accountId), { token: tokens.get('editor'), body: { baseRevision: 1, blob: 'x' } });
    expect(others.status).toBe(403);
    const byAdmin = await call(base, 'PUT', path(viewer.accountId), { token: tokens.get('admin'), body: { baseRevision: 1, blob: 'v2-rewrapped' } });
    expect(byAdmin.body).toEqual({ revision: 2 });
  });

  it('lets a member leave, but not remove someone else unless admin', async () => {
    const extra = await registerUser(base);
    expect((await call(base, 'POST', `/v1/vaults/${vault.vaultId}/members`, { token: tokens.get('admin'), body: { accountId: extra.accountId, role: 'viewer', keys: [{ keyVersion: 1, blob: 'k' }] } })).status).toBe(204);
    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: extra.device.token })).status).toBe(204);
    const byEditor = await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${extra.accountId}`, { token: tokens.get('editor') });
    expect(byEditor.status).toBe(403);
    const leave = await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${extra.accountId}`, { token: extra.device.token });
    expect(leave.status).toBe(204);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: extra.device.token })).status).toBe(404);
  });
});
