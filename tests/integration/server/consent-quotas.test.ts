/**
 * Membership needs the member's consent, and quotas bound what one account can make a server (and the
 * other members of a vault) hold. Quotas are set low here so the tests reach them.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { addMember, createVault, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const QUOTAS = { vaults: 3, itemsPerVault: 5, bytes: 40_000, invitations: 2 };
const server = useCluster(1, { quotas: QUOTAS });
let base: string;

beforeAll(() => {
  base = server.base;
});

const invite = (admin: TestUser, vault: TestVault, who: TestUser, role: 'editor' | 'viewer' = 'editor') =>
  call(base, 'POST', `/v1/vaults/${vault.vaultId}/members`, { token: admin.device.token, body: { accountId: who.accountId, role, keys: [{ keyVersion: 1, blob: 'wrapped-for-them' }] } });
const push = (user: TestUser, vault: TestVault, items: { itemId: string; baseRevision: number; blob: string | null }[]) =>
  call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items } });
const seqOf = async (user: TestUser, vault: TestVault) => (await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: user.device.token })).body.seq as number;

describe('invitations', () => {
  it('reach the invitee as an invitation only: nothing of the vault until they accept', async () => {
    const [owner, invitee] = [await registerUser(base), await registerUser(base)];
    const vault = await createVault(base, owner);
    expect((await invite(owner, vault, invitee)).status).toBe(204);

    const pending = await call(base, 'GET', '/v1/invitations', { token: invitee.device.token });
    expect(pending.body.invitations).toEqual([{ vaultId: vault.vaultId, role: 'editor', invitedAt: expect.any(String), invitedBy: { accountId: owner.accountId, email: owner.email } }]);
    for (const path of [`/v1/vaults/${vault.vaultId}`, `/v1/vaults/${vault.vaultId}/keys`, `/v1/vaults/${vault.vaultId}/changes`, `/v1/vaults/${vault.vaultId}/audit`]) {
      expect((await call(base, 'GET', path, { token: invitee.device.token })).status, path).toBe(404);
    }
    expect((await push(invitee, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: 'junk' }])).status).toBe(404);
    expect((await call(base, 'GET', '/v1/vaults', { token: invitee.device.token })).body.vaults).toEqual([]);
    const members = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/members`, { token: owner.device.token });
    expect(members.body.members.map((m: { accountId: string; status: string }) => [m.accountId, m.status])).toEqual([
      [owner.accountId, 'active'],
      [invitee.accountId, 'invited'],
    ]);

    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: invitee.device.token })).status).toBe(204);
    expect((await call(base, 'GET', '/v1/vaults', { token: invitee.device.token })).body.vaults.map((v: { id: string }) => v.id)).toEqual([vault.vaultId]);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}/keys`, { token: invitee.device.token })).body.keys).toHaveLength(1);
    expect((await call(base, 'GET', '/v1/invitations', { token: invitee.device.token })).body.invitations).toEqual([]);
    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: invitee.device.token })).status).toBe(404);
  });

  it('can be declined: the membership and the keys that came with it are gone, and only the invitee can answer', async () => {
    const [owner, invitee, stranger] = [await registerUser(base), await registerUser(base), await registerUser(base)];
    const vault = await createVault(base, owner);
    await invite(owner, vault, invitee, 'viewer');
    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: stranger.device.token })).status).toBe(404);
    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/decline`, { token: owner.device.token })).status).toBe(404);

    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/decline`, { token: invitee.device.token })).status).toBe(204);
    const members = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/members`, { token: owner.device.token });
    expect(members.body.members.map((m: { accountId: string }) => m.accountId)).toEqual([owner.accountId]);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}/keys`, { token: owner.device.token })).body.keys.map((k: { accountId: string }) => k.accountId)).toEqual([owner.accountId]);
    expect((await call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: invitee.device.token })).status).toBe(404);
    // Declining is not a ban: the admin may ask again.
    expect((await invite(owner, vault, invitee)).status).toBe(204);
  });

  it('are bounded per invitee, so nobody can bury an account in invitations', async () => {
    const [target, ...admins] = [await registerUser(base), await registerUser(base), await registerUser(base), await registerUser(base)];
    const vaults = await Promise.all(admins.map((a) => createVault(base, a)));
    const answers = await Promise.all(admins.map((a, i) => invite(a, vaults[i]!, target)));
    expect(answers.map((a) => a.status).sort()).toEqual([204, 204, 507]);
    expect(answers.find((a) => a.status === 507)!.body.error.code).toBe('quota-exceeded');
    // Answering one makes room.
    const first = (await call(base, 'GET', '/v1/invitations', { token: target.device.token })).body.invitations[0].vaultId as string;
    await call(base, 'POST', `/v1/invitations/${first}/decline`, { token: target.device.token });
    const refused = vaults[answers.findIndex((a) => a.status === 507)]!;
    expect((await invite(admins[answers.findIndex((a) => a.status === 507)]!, refused, target)).status).toBe(204);
  });
});

describe('leaving', () => {
  it('takes the member’s keys with them; the last member leaving deletes the vault and what it held', async () => {
    const [owner, colleague] = [await registerUser(base), await registerUser(base)];
    const vault = await createVault(base, owner);
    await addMember(base, owner, vault, colleague, 'editor');
    await push(owner, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: await sealedBlob(vault, randomUUID()) }]);

    expect((await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${colleague.accountId}`, { token: colleague.device.token })).status).toBe(204);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: colleague.device.token })).status).toBe(404);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}/keys`, { token: owner.device.token })).body.keys.map((k: { accountId: string }) => k.accountId)).toEqual([owner.accountId]);

    expect((await call(base, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${owner.accountId}`, { token: owner.device.token })).status).toBe(204);
    expect((await call(base, 'GET', '/v1/vaults', { token: owner.device.token })).body.vaults).toEqual([]);
    // The vault no longer counts against its creator's quota.
    for (let i = 0; i < QUOTAS.vaults; i += 1) await createVault(base, owner);
  });
});

describe('quotas', () => {
  it('caps the vaults one account makes', async () => {
    const user = await registerUser(base);
    const made = await Promise.allSettled(Array.from({ length: QUOTAS.vaults + 2 }, () => createVault(base, user)));
    expect(made.filter((m) => m.status === 'fulfilled')).toHaveLength(QUOTAS.vaults);
    expect(String((made.find((m) => m.status === 'rejected') as PromiseRejectedResult).reason)).toContain('507');
  });

  it('caps the items in a vault, all of a push or none of it, and counts a delete as room made', async () => {
    const user = await registerUser(base);
    const vault = await createVault(base, user);
    const ids = Array.from({ length: QUOTAS.itemsPerVault }, () => randomUUID());
    const full = await push(user, vault, await Promise.all(ids.map(async (itemId) => ({ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) }))));
    expect(full.status).toBe(200);
    const before = await seqOf(user, vault);

    const extra = randomUUID();
    const over = await push(user, vault, [
      { itemId: ids[0]!, baseRevision: 1, blob: await sealedBlob(vault, ids[0]!) },
      { itemId: extra, baseRevision: 0, blob: await sealedBlob(vault, extra) },
    ]);
    expect(over.status).toBe(507);
    expect(over.body.error).toMatchObject({ code: 'quota-exceeded', message: expect.stringContaining('5 this server allows') });
    expect(await seqOf(user, vault)).toBe(before);
    // Editing what is there still works, and a delete makes room for a new item.
    expect((await push(user, vault, [{ itemId: ids[0]!, baseRevision: 1, blob: await sealedBlob(vault, ids[0]!) }])).status).toBe(200);
    expect((await push(user, vault, [{ itemId: ids[1]!, baseRevision: 1, blob: null }])).status).toBe(200);
    expect((await push(user, vault, [{ itemId: extra, baseRevision: 0, blob: await sealedBlob(vault, extra) }])).status).toBe(200);
  });

  it('holds the item cap when many devices push new items at once', async () => {
    const user = await registerUser(base);
    const vault = await createVault(base, user);
    const pushes = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const itemId = randomUUID();
        return push(user, vault, [{ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) }]);
      }),
    );
    expect(pushes.filter((p) => p.status === 200)).toHaveLength(QUOTAS.itemsPerVault);
    expect(pushes.filter((p) => p.status === 507)).toHaveLength(12 - QUOTAS.itemsPerVault);
    const changes = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes`, { token: user.device.token });
    expect(changes.body.changes).toHaveLength(QUOTAS.itemsPerVault);
  });

  it('holds the byte cap when two devices push at once (on PostgreSQL: separate connections)', async () => {
    // The vault's bytes are read under its lock: the push that waited must count what the first committed.
    for (let round = 0; round < 6; round++) {
      const user = await registerUser(base);
      const vault = await createVault(base, user);
      const pushes = await Promise.all([0, 1].map(() => push(user, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: 'A'.repeat(25_000) }])));
      expect(pushes.map((p) => p.status).sort()).toEqual([200, 507]);
    }
  });

  it('caps the bytes in the vaults an account made, whoever pushes them', async () => {
    const [owner, colleague] = [await registerUser(base), await registerUser(base)];
    const vault = await createVault(base, owner);
    await addMember(base, owner, vault, colleague, 'editor');
    const big = (n: number) => 'A'.repeat(n);
    expect((await push(colleague, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: big(30_000) }])).status).toBe(200);
    const over = await push(colleague, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: big(15_000) }]);
    expect(over.status).toBe(507);
    expect(over.body.error.message).toContain('40000');
    expect((await push(owner, vault, [{ itemId: randomUUID(), baseRevision: 0, blob: big(5_000) }])).status).toBe(200);
  });
});
