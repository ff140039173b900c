/**
 * The server as its own process under 200 devices for 30 s: it must not exit, must not answer 500, and
 * must still hold every write it acknowledged. Back-pressure (503 with Retry-After) is allowed: that is
 * how an overloaded server is meant to answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevices, missingWrites, runLoad } from '../../support/load.js';
import { spawnServer, type ServerProcess } from '../../support/process.js';
import { testDatabase, usingPostgres, type TestDatabase } from '../../support/server.js';

let db: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  db = await testDatabase();
  server = await spawnServer({ ...(db.url ? { DATABASE_URL: db.url } : { KEYHAVEN_DATA_DIR: db.dataDir! }), KEYHAVEN_LOGIN_RATE: '100000', LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await db.drop();
});

describe(`the server under load (${usingPostgres ? 'PostgreSQL' : 'embedded database'})`, () => {
  it('serves 200 devices for 30 s without exiting, without a 500, and keeps every acknowledged write', async () => {
    const devices = await loadDevices(server.url, 20, 10);
    expect(devices).toHaveLength(200);
    let exited = false;
    void server.exited.then(() => (exited = true));
    const stats = await runLoad(server.url, devices, 30_000);
    console.log(`load: ${stats.requests} requests, statuses ${JSON.stringify(stats.byStatus)}, ${stats.failures} transport failures, ${stats.acknowledged.size} items acknowledged, ${stats.auditAppended} audit entries`);
    expect(exited, server.output().slice(-2000)).toBe(false);
    expect(stats.byStatus[500] ?? 0, server.output().slice(-2000)).toBe(0);
    expect(stats.failures).toBe(0);
    expect(stats.acknowledged.size).toBeGreaterThan(1000);
    expect(await missingWrites(server.url, devices, stats)).toEqual([]);
    expect(server.output()).not.toMatch(/unhandled|TypeError/i);
  }, 180_000);
});
