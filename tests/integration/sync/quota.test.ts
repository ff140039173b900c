/** A device whose vault is full keeps its writes queued and says why, in the server's words. */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { createItem, SyncError } from '../../../shared/index.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, registerUser, type TestUser } from '../../support/users.js';

const server = useCluster(1, { quotas: { vaults: 10, itemsPerVault: 3, bytes: 1024 * 1024, invitations: 10 } });
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

it('keeps writes over the item quota in the outbox, with the reason, and sends them once there is room', async () => {
  const vault = await createVault(server.base, user);
  const { engine } = engineFor(server.base, user, user.device, vault);
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of ids) await engine.write(vault.vaultId, id, createItem({ name: `key ${id.slice(0, 4)}`, provider: 'openai', value: `sk-${randomUUID()}` }, new Date()));
  await engine.sync([vault.vaultId]);

  const extra = randomUUID();
  await engine.write(vault.vaultId, extra, createItem({ name: 'one too many', provider: 'openai', value: `sk-${randomUUID()}` }, new Date()));
  const refused = await engine.sync([vault.vaultId]).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(SyncError);
  expect(refused).toMatchObject({ code: 'rejected', server: { code: 'quota-exceeded' }, message: expect.stringContaining('more than the 3 this server allows') });
  expect(await engine.pendingWrites([vault.vaultId])).toBe(1);

  await engine.update(vault.vaultId, ids[0]!, () => null);
  expect((await engine.sync([vault.vaultId])).pending).toBe(0);
  const other = engineFor(server.base, user, user.device, vault);
  await other.engine.sync([vault.vaultId]);
  expect((await other.engine.list(vault.vaultId)).map((r) => (r.ok ? r.payload.name : '?')).sort()).toEqual(['key ' + ids[1]!.slice(0, 4), 'key ' + ids[2]!.slice(0, 4), 'one too many'].sort());
});
