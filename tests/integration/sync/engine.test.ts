import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createItem,
  editItem,
  RealtimeClient,
  revokeItem,
  rotateValue,
  SyncError,
  trustedDevices,
  verifyChain,
} from '../../../shared/index.js';
import { engineFor, nodeSocket } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, identitiesOf, loginNewDevice, registerUser, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let base: string;
let user: TestUser;

beforeAll(async () => {
  base = server.base;
  user = await registerUser(base);
});

const item = (name: string, value: string) => createItem({ name, value, provider: 'openai' }, new Date());

async function twoDevices(vault: TestVault) {
  const laptop = engineFor(base, user, user.device, vault);
  const phone = engineFor(base, user, await loginNewDevice(base, user, 'phone'), vault);
  return { laptop, phone };
}

describe('sync engine', () => {
  it('lets a write on one device be read on another after both sync', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    const id = randomUUID();
    await laptop.engine.write(vault.vaultId, id, item('OpenAI', 'sk-proj-one'));
    expect(await laptop.engine.read(vault.vaultId, id)).toMatchObject({ value: 'sk-proj-one' }); // local read, no network
    expect(await laptop.engine.sync([vault.vaultId])).toMatchObject({ pushed: 1, pending: 0 });
    expect(await phone.engine.sync([vault.vaultId])).toMatchObject({ pulled: 1 });
    expect(await phone.engine.read(vault.vaultId, id)).toMatchObject({ name: 'OpenAI', value: 'sk-proj-one' });
  });

  it('converges after concurrent adds, edits, rotations, revocations and deletes on two devices', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [id, v] of [[a, 'va'], [b, 'vb'], [c, 'vc']] as const) await laptop.engine.write(vault.vaultId, id, item(id.slice(0, 4), v));
    await laptop.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);

    await laptop.engine.write(vault.vaultId, a, rotateValue((await laptop.engine.read(vault.vaultId, a))!, 'va-rotated', { now: new Date() }));
    await laptop.engine.write(vault.vaultId, c, null);
    await phone.engine.write(vault.vaultId, b, revokeItem((await phone.engine.read(vault.vaultId, b))!, 'leaked', new Date()));
    await phone.engine.write(vault.vaultId, a, editItem((await phone.engine.read(vault.vaultId, a))!, { environment: 'prod' }, new Date()));
    await phone.engine.write(vault.vaultId, d, item('new on phone', 'vd'));

    await laptop.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);
    await laptop.engine.sync([vault.vaultId]);

    const view = async (client: typeof laptop) =>
      (await client.engine.list(vault.vaultId)).map((v) => (v.ok ? [v.itemId, v.payload.value, v.payload.status.state, v.payload.environment] : [v.itemId, 'unreadable'])).sort();
    expect(await view(laptop)).toEqual(await view(phone));
    expect(await view(laptop)).toEqual(
      [
        [a, 'va-rotated', 'active', 'prod'],
        [b, 'vb', 'revoked', ''],
        [d, 'vd', 'active', ''],
      ].sort(),
    );
  });

  it('drops an item added and deleted before it ever reached the server, without a tombstone or a warning', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    // A vault that has synced before checks every item revision against its chain.
    await laptop.engine.write(vault.vaultId, randomUUID(), item('Kept', 'sk-kept-in-the-vault'));
    await laptop.engine.sync([vault.vaultId]);
    const id = randomUUID();
    await laptop.engine.write(vault.vaultId, id, item('Moved away', 'sk-moved-before-sync'));
    await laptop.engine.write(vault.vaultId, id, null);
    const report = await laptop.engine.sync([vault.vaultId]);
    expect(report).toMatchObject({ pushed: 0, conflicts: 0, pending: 0, integrity: [] });
    expect((await laptop.engine.list(vault.vaultId)).map((v) => v.ok && v.payload.name)).toEqual(['Kept']);
    expect((await laptop.engine.sync([vault.vaultId])).integrity).toEqual([]);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
    expect((await phone.engine.list(vault.vaultId)).map((v) => v.ok && v.payload.name)).toEqual(['Kept']);
  });

  it('keeps a write made while the server is unreachable, and delivers it when the server is back', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    // The same device and storage, while its server is unreachable (nothing listens on port 9).
    const offline = engineFor('http://127.0.0.1:9', user, user.device, vault, laptop.store);
    const id = randomUUID();
    await offline.engine.write(vault.vaultId, id, item('written offline', 'sk-offline'));
    const error = await offline.engine.sync([vault.vaultId]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('offline');
    expect(await offline.engine.pendingCount([vault.vaultId])).toBe(1);

    expect(await laptop.engine.sync([vault.vaultId])).toMatchObject({ pushed: 1, pending: 0 });
    await phone.engine.sync([vault.vaultId]);
    expect(await phone.engine.read(vault.vaultId, id)).toMatchObject({ value: 'sk-offline' });
  });

  it('keeps both values when two devices edit the same field of the same item', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    const id = randomUUID();
    await laptop.engine.write(vault.vaultId, id, item('Shared', 'sk-original'));
    await laptop.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);

    const original = (await laptop.engine.read(vault.vaultId, id))!;
    await laptop.engine.write(vault.vaultId, id, rotateValue(original, 'sk-from-laptop', { now: new Date(Date.now() - 1000) }));
    await phone.engine.write(vault.vaultId, id, rotateValue(original, 'sk-from-phone', { now: new Date() }));
    await laptop.engine.sync([vault.vaultId]);
    const report = await phone.engine.sync([vault.vaultId]);
    expect(report.conflicts).toBe(1);
    expect(phone.events).toContainEqual({ type: 'conflict', vaultId: vault.vaultId, itemId: id, fields: ['value'] });
    await laptop.engine.sync([vault.vaultId]);

    for (const client of [laptop, phone]) {
      const merged = (await client.engine.read(vault.vaultId, id))!;
      expect(merged.value).toBe('sk-from-phone');
      expect(merged.history.map((h) => h.value)).toEqual(expect.arrayContaining(['sk-original', 'sk-from-laptop']));
    }
  });

  it('catches a server that serves an older revision than one the device has seen', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    const id = randomUUID();
    await laptop.engine.write(vault.vaultId, id, item('Rolled', 'sk-v1'));
    await laptop.engine.sync([vault.vaultId]);
    const [first] = await server.cluster.database.sql<{ blob: string }[]>`select blob from items where vault_id = ${vault.vaultId} and id = ${id}`;
    await laptop.engine.write(vault.vaultId, id, rotateValue((await laptop.engine.read(vault.vaultId, id))!, 'sk-v2', { now: new Date() }));
    await laptop.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);

    // A malicious or restored server hands out revision 1 again, as a "new" change.
    await server.cluster.database.sql`update items set revision = 1, blob = ${first!.blob}, seq = seq + 1 where vault_id = ${vault.vaultId} and id = ${id}`;
    await server.cluster.database.sql`update vaults set item_seq = item_seq + 1 where id = ${vault.vaultId}`;
    await phone.engine.sync([vault.vaultId]);
    expect(phone.events).toContainEqual(expect.objectContaining({ type: 'rollback', vaultId: vault.vaultId, itemId: id }));
    expect((await phone.engine.read(vault.vaultId, id))!.value).toBe('sk-v2');
  });

  it('appends audit entries from two devices at once, each placed by the server, into a chain both verify', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    await laptop.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID(), { name: 'OpenAI' });
    await phone.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID(), { name: 'Stripe' });
    await phone.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    const [l, p] = await Promise.all([laptop.engine.pushAudit(), phone.engine.pushAudit()]);
    expect(l + p).toBe(3);
    const list = await laptop.api.audit(vault.vaultId, 0);
    // Checked against the devices the account certified, not the server's list.
    const devices = await trustedDevices((await laptop.api.vaultDevices(vault.vaultId)).devices, await identitiesOf(user)());
    expect(await verifyChain(list.records, { vaultId: vault.vaultId, devices })).toMatchObject({ ok: true, verified: 3, format: 2, legacy: 0 });
    for (const client of [laptop, phone]) expect((await client.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });

  it('two overlapping pushes on one device append each queued entry once', async () => {
    const vault = await createVault(base, user);
    const { laptop } = await twoDevices(vault);
    for (let i = 0; i < 3; i++) await laptop.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID(), { n: i });
    const [a, b] = await Promise.all([laptop.engine.pushAudit(), laptop.engine.pushAudit([vault.vaultId])]);
    expect(a + b).toBe(3);
    expect((await laptop.api.audit(vault.vaultId, 0)).records).toHaveLength(3);
  });

  it('hears a change on another device through realtime within a second', async () => {
    const vault = await createVault(base, user);
    const { laptop, phone } = await twoDevices(vault);
    const phoneToken = phone.api.token!;
    let laptopSync: Promise<unknown> = Promise.resolve();
    const heard = new Promise<number>((resolve) => {
      const started = { at: 0 };
      const client = new RealtimeClient({
        baseUrl: base,
        token: phoneToken,
        createSocket: nodeSocket,
        onState: (state) => {
          if (state !== 'live') return;
          started.at = performance.now();
          laptopSync = laptop.engine.write(vault.vaultId, randomUUID(), item('live', 'sk-live')).then(() => laptop.engine.sync([vault.vaultId]));
        },
        onChange: async (notice) => {
          if (notice.vaultId !== vault.vaultId || notice.kind !== 'items') return;
          await phone.engine.pull(vault.vaultId);
          client.stop();
          resolve(performance.now() - started.at);
        },
      });
      client.start();
    });
    expect(await heard).toBeLessThan(1000);
    await laptopSync;
    expect((await phone.engine.list(vault.vaultId)).map((v) => v.ok && v.payload.value)).toEqual(['sk-live']);
  });
});
