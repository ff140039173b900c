/**
 * Three server instances on one database behind a round-robin balancer, as in a scaled-out deployment
 * with no sticky sessions. With PostgreSQL they are three OS processes started at the same moment on
 * an empty database (their migrations race); embedded, three instances in this process share the one
 * PGlite. Whatever instance a request lands on, the deployment must behave as one server: a session
 * made on one works on the others, a realtime socket on one hears writes through the others, and a
 * rate limit counts every instance's requests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationFiles } from '../../../server/db/migrate.js';
import { call } from '../../support/api.js';
import { startBalancer, type Balancer } from '../../support/balancer.js';
import { spawnServer, type ServerProcess } from '../../support/process.js';
import { startCluster, testDatabase, usingPostgres, type TestCluster, type TestDatabase } from '../../support/server.js';
import { openSocket } from '../../support/socket.js';
import { createVault, loginNewDevice, registerUser, sealedBlob } from '../../support/users.js';

const LOGIN_RATE = 12;
let db: TestDatabase | undefined;
let processes: ServerProcess[] = [];
let cluster: TestCluster | undefined;
let balancer: Balancer;

beforeAll(async () => {
  let urls: string[];
  if (usingPostgres) {
    db = await testDatabase();
    processes = await Promise.all([0, 1, 2].map(() => spawnServer({ DATABASE_URL: db!.url!, KEYHAVEN_LOGIN_RATE: String(LOGIN_RATE), LOG_LEVEL: 'warn' })));
    urls = processes.map((p) => p.url);
  } else {
    cluster = await startCluster(3, { loginRatePerMinute: LOGIN_RATE });
    urls = cluster.servers.map((s) => s.url);
  }
  balancer = await startBalancer(urls);
}, 60_000);
afterAll(async () => {
  await balancer?.close();
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await db?.drop();
  await cluster?.close();
});

describe(`three instances behind a round-robin balancer (${usingPostgres ? 'PostgreSQL, three processes' : 'embedded, in process'})`, () => {
  it('apply each migration once when they start together on an empty database', async () => {
    const opened = db ? await db.open() : cluster!.database;
    try {
      const rows = await opened.sql<{ version: number }[]>`select version from schema_migrations order by version`;
      expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((f) => f.version));
    } finally {
      if (db) await opened.close();
    }
  });

  it('act as one server: a session from one instance works on all, and a socket on one hears pushes through each', async () => {
    const user = await registerUser(balancer.url);
    const vault = await createVault(balancer.url, user);
    const phone = await loginNewDevice(balancer.url, user, 'phone');
    const socket = await openSocket(balancer.url, phone.token);
    for (let seq = 1; seq <= 6; seq++) {
      const itemId = randomUUID();
      const pushed = await call(balancer.url, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) }] } });
      expect(pushed.status).toBe(200);
      await socket.next((e) => e.type === 'changed' && e.kind === 'items' && e.seq === seq, 2000);
    }
    socket.close();
    const pulled = await call(balancer.url, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=0`, { token: phone.token });
    expect(pulled.body.changes).toHaveLength(6);
    expect([...balancer.served.values()].every((n) => n >= 3)).toBe(true);
  });

  it('count a sign-in rate limit across instances, not per instance, and exactly under concurrent requests', async () => {
    // Every instance sees a third of these, all at once; only a shared, atomic count refuses the right
    // number (the three sign-in steps of the test above already counted).
    const replies = await Promise.all(Array.from({ length: LOGIN_RATE + 3 }, (_, i) => call(balancer.url, 'POST', '/v1/prelogin', { body: { email: `someone-${i}@example.com` } })));
    const refused = replies.filter((r) => r.status === 429);
    expect(replies.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(replies.length - refused.length).toBeLessThanOrEqual(LOGIN_RATE - 3);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(refused[0]!.body.error.code).toBe('rate-limited');
  });
});
