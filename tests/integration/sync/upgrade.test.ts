/**
 * Old data keeps opening: a vault whose items were written by clients from before v2 (pushes without
 * write records) is upgraded in place by the first v2 device that syncs it, resumably; from then on the
 * server refuses writes without a record, and a fresh device checks every item against the chain.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, MemoryStore, SyncEngine, SyncError, type FetchLike } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, identitiesOf, loginNewDevice, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

/** What a client from before v2 did: push blobs with no record. */
async function legacyPush(vault: TestVault, items: { itemId: string; baseRevision: number; blob: string | null }[]) {
  return call(server.base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items } });
}

async function legacyVault() {
  const vault = await createVault(server.base, user);
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const created = await Promise.all(ids.map(async (itemId) => ({ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId, `sk-legacy-${itemId}`) })));
  expect((await legacyPush(vault, created)).status).toBe(200);
  expect((await legacyPush(vault, [{ itemId: ids[2]!, baseRevision: 1, blob: null }])).status).toBe(200);
  return { vault, ids };
}

const records = async (vault: TestVault) =>
  (await server.cluster.database.sql<{ action: string; item: string | null }[]>`
    select entry->>'action' as action, entry->>'item' as item from audit_entries where vault_id = ${vault.vaultId} order by seq`);

describe('upgrading a vault from before v2', () => {
  it('names every item it holds, then requires a record with every write; a fresh device checks them all', async () => {
    const { vault, ids } = await legacyVault();
    const laptop = engineFor(server.base, user, user.device, vault);
    expect((await laptop.engine.sync([vault.vaultId])).integrity).toEqual([]);
    const chain = await records(vault);
    expect(chain.filter((r) => r.action === 'item.baseline').map((r) => r.item).sort()).toEqual([...ids].sort());
    expect(chain.at(-1)!.action).toBe('vault.upgrade');
    // From now on a write without its record is refused.
    const refused = await legacyPush(vault, [{ itemId: randomUUID(), baseRevision: 0, blob: 'x' }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/record/);

    const fresh = engineFor(server.base, user, await loginNewDevice(server.base, user, 'fresh'), vault);
    expect((await fresh.engine.sync([vault.vaultId])).integrity).toEqual([]);
    expect((await fresh.engine.read(vault.vaultId, ids[0]!))!.value).toBe(`sk-legacy-${ids[0]}`);
    expect(await fresh.engine.read(vault.vaultId, ids[2]!)).toBeNull();
  });

  it('finishes an upgrade that was cut off after the items were named, without naming them twice', async () => {
    const { vault, ids } = await legacyVault();
    let cut = true;
    const flaky: FetchLike = async (input, init) => {
      if (cut && init?.method === 'POST' && input.endsWith('/audit') && init.body?.includes('vault.upgrade')) {
        cut = false;
        throw new TypeError('connection reset');
      }
      return fetch(input, init);
    };
    const engine = new SyncEngine({
      api: new ApiClient({ baseUrl: server.base, token: user.device.token, fetch: flaky }),
      store: new MemoryStore(),
      keyringFor: async () => vault.keyring,
      device: { deviceId: user.device.id, accountId: user.accountId, signingKey: user.device.keys.signingKey },
      identities: identitiesOf(user),
    });
    await expect(engine.sync([vault.vaultId])).rejects.toBeInstanceOf(SyncError);
    expect((await records(vault)).some((r) => r.action === 'vault.upgrade')).toBe(false);
    expect((await engine.sync([vault.vaultId])).integrity).toEqual([]);
    const chain = await records(vault);
    expect(chain.filter((r) => r.action === 'item.baseline')).toHaveLength(ids.length);
    expect(chain.filter((r) => r.action === 'vault.upgrade')).toHaveLength(1);
  });
});
