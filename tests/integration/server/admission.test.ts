/**
 * Back-pressure: a server told to work on two requests at once, with three more allowed to wait,
 * answers the rest of a burst at once with 503 and Retry-After, serves everything it admitted, and
 * keeps answering its health check throughout.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster(1, { admission: { maxInFlight: 2, maxQueued: 3, maxWaitMs: 10_000 } });
let user: TestUser;
let vault: TestVault;

beforeAll(async () => {
  user = await registerUser(server.base);
  vault = await createVault(server.base, user);
});

describe('back-pressure', () => {
  it('sheds a burst beyond what it may queue with 503 + Retry-After, and serves all it admitted', async () => {
    const blob = await sealedBlob(vault, randomUUID());
    const burst = Array.from({ length: 30 }, () =>
      call(server.base, 'POST', `/v1/vaults/${vault.vaultId}/items`, {
        token: user.device.token,
        body: { items: Array.from({ length: 200 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob })) },
      }),
    );
    const health = await call(server.base, 'GET', '/health');
    const replies = await Promise.all(burst);
    expect(health.status).toBe(200);
    const shed = replies.filter((r) => r.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(replies.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    for (const r of shed) {
      expect(r.body.error.code).toBe('unavailable');
      expect(r.headers.get('retry-after')).toBe('2');
    }
    // What it admitted, it wrote in full.
    const [row] = await server.cluster.database.sql<{ n: number }[]>`select count(*)::int as n from items where vault_id = ${vault.vaultId}`;
    expect(row!.n).toBe(replies.filter((r) => r.status === 200).length * 200);
  });
});
