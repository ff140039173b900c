import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, registerUser, type TestUser, addMember } from '../../support/users.js';

const server = useCluster();
let base: string;
let owner: TestUser;
let colleague: TestUser;

beforeAll(async () => {
  base = server.base;
  owner = await registerUser(base);
  colleague = await registerUser(base);
});

describe('vaults', () => {
  it('creates a vault with its creator as admin, and lists only the caller’s vaults', async () => {
    const vault = await createVault(base, owner);
    const mine = await call(base, 'GET', '/v1/vaults', { token: owner.device.token });
    expect(mine.body.vaults).toContainEqual(
      expect.objectContaining({ id: vault.vaultId, role: 'admin', metaRevision: 1, seq: 0, auditHead: { seq: 0, hash: 'A'.repeat(43), ts: 0 } }),
    );
    const theirs = await call(base, 'GET', '/v1/vaults', { token: colleague.device.token });
    expect(theirs.body.vaults.map((v: { id: string }) => v.id)).not.toContain(vault.vaultId);
  });

  it('refuses a vault id that is already taken', async () => {
    const vault = await createVault(base, owner);
    const again = await call(base, 'POST', '/v1/vaults', { token: colleague.device.token, body: { id: vault.vaultId, meta: 'm', keys: [{ keyVersion: 1, blob: 'k' }] } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('id-taken');
  });

  it('writes the encrypted meta with the revision it replaces', async () => {
    const vault = await createVault(base, owner);
    const put = (baseRevision: number) => call(base, 'PUT', `/v1/vaults/${vault.vaultId}/meta`, { token: owner.device.token, body: { baseRevision, meta: `meta-${baseRevision}` } });
    expect((await put(1)).body).toEqual({ revision: 2 });
    expect((await put(1)).status).toBe(409);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: owner.device.token })).body).toMatchObject({ meta: 'meta-1', metaRevision: 2 });
  });

  it('adds a member with their wrapped keys, changes their role, and keeps at least one admin', async () => {
    const vault = await createVault(base, owner);
    const add = await addMember(base, owner, vault, colleague, 'editor', [{ keyVersion: 1, blob: 'wrapped-for-colleague' }]);
    expect(add.status).toBe(204);
    const members = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/members`, { token: colleague.device.token });
    expect(members.body.members).toEqual([
      { accountId: owner.accountId, email: owner.email, role: 'admin', status: 'active', identityPublicKey: owner.identitySpki, signingPublicKey: toBase64url(owner.signing.publicSpki) },
      { accountId: colleague.accountId, email: colleague.email, role: 'editor', status: 'active', identityPublicKey: colleague.identitySpki, signingPublicKey: toBase64url(colleague.signing.publicSpki) },
    ]);
    const keys = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/keys`, { token: colleague.device.token });
    expect(keys.body.keys).toEqual([{ accountId: colleague.accountId, keyVersion: 1, blob: 'wrapped-for-colleague', revision: 1 }]);

    const demoteSelf = await call(base, 'PATCH', `/v1/vaults/${vault.vaultId}/members/${owner.accountId}`, { token: owner.device.token, body: { role: 'viewer' } });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error.code).toBe('last-admin');
    const promote = await call(base, 'PATCH', `/v1/vaults/${vault.vaultId}/members/${colleague.accountId}`, { token: owner.device.token, body: { role: 'admin' } });
    expect(promote.status).toBe(204);
    expect((await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${owner.accountId}`, { token: owner.device.token })).status).toBe(204);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: owner.device.token })).status).toBe(404);
  });

  it('removes a member’s wrapped keys with their membership', async () => {
    const vault = await createVault(base, owner);
    await addMember(base, owner, vault, colleague, 'viewer', [{ keyVersion: 1, blob: 'k1' }]);
    await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${colleague.accountId}`, { token: owner.device.token });
    const [row] = await server.cluster.database.sql<{ n: number }[]>`select count(*)::int as n from vault_keys where vault_id = ${vault.vaultId} and account_id = ${colleague.accountId}`;
    expect(row!.n).toBe(0);
  });

  it('deletes a vault for every member, admins only; its rows go with it', async () => {
    const vault = await createVault(base, owner);
    await addMember(base, owner, vault, colleague, 'editor');
    const asColleague = await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}`, { token: colleague.device.token });
    expect(asColleague.status).toBe(403);
    expect((await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}`, { token: owner.device.token })).status).toBe(204);
    for (const who of [owner, colleague]) expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: who.device.token })).status).toBe(404);
    const [left] = await server.cluster.database.sql<{ n: number }[]>`
      select (select count(*) from vault_members where vault_id = ${vault.vaultId}) + (select count(*) from vault_keys where vault_id = ${vault.vaultId})::int as n`;
    expect(Number(left!.n)).toBe(0);
  });

  it('refuses to add an account that does not exist, or a member twice', async () => {
    const vault = await createVault(base, owner);
    const body = (accountId: string) => ({ accountId, role: 'viewer', keys: [{ keyVersion: 1, blob: 'k' }] });
    expect((await call(base, 'POST', `/v1/vaults/${vault.vaultId}/members`, { token: owner.device.token, body: body(crypto.randomUUID()) })).status).toBe(404);
    expect((await call(base, 'POST', `/v1/vaults/${vault.vaultId}/members`, { token: owner.device.token, body: body(owner.accountId) })).status).toBe(409);
  });
});
