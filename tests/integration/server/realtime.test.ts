import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { call } from '../../support/api.js';
import { useCluster, usingPostgres } from '../../support/server.js';
import { openSocket } from '../../support/socket.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestUser, revokeDevice, addMember } from '../../support/users.js';

// Two instances over one database, as behind a load balancer. With PostgreSQL the notice crosses
// between them through LISTEN/NOTIFY; embedded, through the in-process notifier.
const server = useCluster(2, { heartbeatMs: 300 });
let a: string;
let b: string;
let user: TestUser;

beforeAll(async () => {
  [a, b] = server.cluster.servers.map((s) => s.url) as [string, string];
  user = await registerUser(a);
});

describe(`realtime notices (${usingPostgres ? 'PostgreSQL LISTEN/NOTIFY' : 'embedded, in process'})`, () => {
  it('tells a device on instance B within a second that a push through instance A changed its vault', async () => {
    const vault = await createVault(a, user);
    const phone = await loginNewDevice(a, user, 'phone');
    const socket = await openSocket(b, phone.token);
    const itemId = randomUUID();
    const blob = await sealedBlob(vault, itemId);
    const started = performance.now();
    await call(a, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob }] } });
    const notice = await socket.next((e) => e.type === 'changed' && e.kind === 'items', 1000);
    expect(performance.now() - started).toBeLessThan(1000);
    // The notice names the vault and how far it got, never the data.
    expect(notice).toEqual({ type: 'changed', vaultId: vault.vaultId, kind: 'items', seq: 1 });
    socket.close();
  });

  it('tells nothing about a vault to a device of someone who is not a member', async () => {
    const vault = await createVault(a, user);
    const stranger = await registerUser(a);
    const socket = await openSocket(b, stranger.device.token);
    const itemId = randomUUID();
    await call(a, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob: 'x' }] } });
    // Wait for a notice of the stranger's own to be sure the other one would have arrived by now.
    const own = await createVault(a, stranger);
    await socket.next((e) => e.type === 'changed' && e.vaultId === own.vaultId);
    expect(socket.events.some((e) => e.type === 'changed' && e.vaultId === vault.vaultId)).toBe(false);
    socket.close();
  });

  it('starts telling a new member about a vault as soon as they accept the invitation', async () => {
    const vault = await createVault(a, user);
    const colleague = await registerUser(a);
    const socket = await openSocket(b, colleague.device.token);
    await addMember(a, user, vault, colleague, 'viewer');
    await socket.next((e) => e.type === 'changed' && e.vaultId === vault.vaultId && e.kind === 'members');
    await call(a, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId: randomUUID(), baseRevision: 0, blob: 'x' }] } });
    await socket.next((e) => e.type === 'changed' && e.vaultId === vault.vaultId && e.kind === 'items');
    socket.close();
  });

  it('tells a member removed from a vault (or whose vault is deleted) at once, and nothing about it afterwards', async () => {
    const vault = await createVault(a, user);
    const colleague = await registerUser(a);
    await addMember(a, user, vault, colleague, 'editor');
    const socket = await openSocket(b, colleague.device.token);
    await call(a, 'DELETE', `/v1/vaults/${vault.vaultId}/members/${colleague.accountId}`, { token: user.device.token });
    await socket.next((e) => e.type === 'changed' && e.vaultId === vault.vaultId && e.kind === 'members', 1000);
    await call(a, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId: randomUUID(), baseRevision: 0, blob: 'x' }] } });
    const own = await createVault(a, colleague);
    await socket.next((e) => e.type === 'changed' && e.vaultId === own.vaultId);
    expect(socket.events.some((e) => e.type === 'changed' && e.vaultId === vault.vaultId && e.kind === 'items')).toBe(false);

    const shared = await createVault(a, user);
    await addMember(a, user, shared, colleague, 'viewer');
    await socket.next((e) => e.type === 'changed' && e.vaultId === shared.vaultId && e.kind === 'members');
    const before = socket.events.length;
    await call(a, 'DELETE', `/v1/vaults/${shared.vaultId}`, { token: user.device.token });
    await socket.next((e) => socket.events.indexOf(e) >= before && e.type === 'changed' && e.vaultId === shared.vaultId && e.kind === 'members', 1000);
    socket.close();
  });

  it('sends heartbeats, and closes a socket that stops answering them', async () => {
    const socket = await openSocket(b, user.device.token, { answerPings: false });
    await socket.next((e) => e.type === 'ping');
    expect((await socket.closed).code).toBe(4408);
  });

  it('closes the socket of a device once it is revoked', async () => {
    const phone = await loginNewDevice(a, user, 'phone to revoke');
    const socket = await openSocket(b, phone.token);
    expect((await revokeDevice(a, user, phone.id)).status).toBe(200);
    expect((await socket.closed).code).toBe(4401);
  });

  it('closes a socket that sends an unknown token or a message it does not understand', async () => {
    const bad = await openSocket(b, null);
    bad.send({ type: 'auth', token: 'not-a-real-token' });
    expect((await bad.closed).code).toBe(4401);
    const garbage = await openSocket(b, null);
    garbage.send({ hello: 'world' });
    expect((await garbage.closed).code).toBe(4400);
  });

  it('releases every socket that closes while its session is being checked: 2 000 of them, and the open-sockets gauge is back to 0', async () => {
    const gauge = async () => Number(/^keyhaven_websockets_open (\d+)/m.exec((await call(b, 'GET', '/metrics')).body)?.[1]);
    const before = await gauge();
    const auth = JSON.stringify({ type: 'auth', token: user.device.token });
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => new Promise<void>((resolve) => {
          const ws = new WebSocket(b.replace(/^http/, 'ws') + '/v1/events');
          ws.on('open', () => {
            ws.send(auth);
            // Gone at once, or after a moment: either way while the server is still checking the token.
            if (i % 2) ws.terminate();
            else setImmediate(() => ws.terminate());
          });
          ws.on('close', () => resolve());
          ws.on('error', () => resolve());
        })),
      );
    }
    for (let wait = 0; wait < 50 && (await gauge()) !== before; wait++) await new Promise((r) => setTimeout(r, 100));
    expect(await gauge()).toBe(before);
    // And a socket that stays is still told about changes.
    const vault = await createVault(a, user);
    const socket = await openSocket(b, user.device.token);
    await call(a, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId: randomUUID(), baseRevision: 0, blob: 'x' }] } });
    await socket.next((e) => e.type === 'changed' && e.vaultId === vault.vaultId);
    expect(await gauge()).toBe(before + 1);
    socket.close();
  });
});
