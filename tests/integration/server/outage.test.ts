/**
 * The database goes away under a running server (a PostgreSQL restart, a network cut) and comes back:
 * meanwhile requests get 503 "unavailable" with Retry-After, not a 500 or a hang, and the server
 * serves again on its own once the database answers, without a restart.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, driver, type Database } from '../../../server/db/connect.js';
import { createLogger } from '../../../server/log.js';
import { memoryNotifier } from '../../../server/notify.js';
import { startServer, type RunningServer } from '../../../server/server.js';
import { call } from '../../support/api.js';
import { startProxy, type Proxy } from '../../support/proxy.js';
import { testConfig, testDatabase, usingPostgres, type TestDatabase } from '../../support/server.js';
import { createVault, registerUser, sealedBlob } from '../../support/users.js';

let db: TestDatabase;
let direct: Database;
let proxied: Database;
let proxy: Proxy;
let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  db = await testDatabase();
  direct = await db.open();
  if (db.url) {
    const url = new URL(db.url);
    proxy = await startProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    proxied = await connectPostgres(url.toString());
  } else {
    // The embedded database's socket, reached through the proxy by a client of its own (one connection).
    proxy = await startProxy({ path: direct.socketPath! });
    const sql = postgres({ ...driver, host: '127.0.0.1', port: proxy.port, user: 'postgres', database: 'postgres', max: 1 });
    proxied = { sql, embedded: true, socketPath: null, close: () => sql.end({ timeout: 1 }) };
  }
  server = await startServer(testConfig(), { database: proxied, notifier: memoryNotifier(), log: createLogger('debug', (line) => logs.push(line)) });
});
afterAll(async () => {
  await server.close();
  await proxied.close();
  await proxy.close();
  await direct.close();
  await db.drop();
});

describe(`a database outage (${usingPostgres ? 'PostgreSQL' : 'embedded'})`, () => {
  it('answers 503 with Retry-After while the database is away, and serves again when it is back', async () => {
    const user = await registerUser(server.url);
    const vault = await createVault(server.url, user);
    const push = async () => {
      const itemId = randomUUID();
      return call(server.url, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) }] } });
    };
    expect((await push()).status).toBe(200);

    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const refused = await push();
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('unavailable');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await call(server.url, 'GET', '/health')).status).toBe(503);
    // A burst of four requests per pooled connection while it is away: each still gets its 503 promptly,
    // none waits on a connection attempt backed off for many seconds (the driver's default grows to 20 s).
    // Each queued request costs one connection attempt, so the embedded database's single connection
    // answers them one after another (docs/operations.md).
    const burst = await Promise.all(
      Array.from({ length: usingPostgres ? 40 : 4 }, () =>
        fetch(`${server.url}/v1/vaults/${vault.vaultId}/changes?after=0`, { headers: { authorization: `Bearer ${user.device.token}` }, signal: AbortSignal.timeout(8_000) }).then(
          (r) => r.status,
          () => 'no answer in 8 s',
        ),
      ),
    );
    expect(burst.filter((s) => s !== 503)).toEqual([]);
    expect(logs.some((l) => l.includes('database unavailable'))).toBe(true);
    expect(logs.some((l) => l.includes('unhandled error'))).toBe(false);

    await proxy.restore();
    let status = 0;
    for (let wait = 0; wait < 100 && status !== 200; wait++) {
      status = (await push()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
  });
});
