/**
 * The small version of `npm run test:load` (tests/load/): the server as its own process under 100
 * devices for 15 s. It must not exit or answer 500, must still hold every write it acknowledged, every
 * device's pulls must converge on what it holds, and every audit chain must verify. Back-pressure (503
 * with Retry-After) is allowed: that is how an overloaded server is meant to answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endCheck } from '../../support/load-checks.js';
import { loadDevices, runLoad } from '../../support/load.js';
import { LoadStats } from '../../support/load-stats.js';
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
  it('serves 100 devices for 15 s without exiting or a 500; every acknowledged write kept, every device converged, every chain valid', async () => {
    const devices = await loadDevices(server.url, 10, 10);
    expect(devices).toHaveLength(100);
    let exited = false;
    void server.exited.then(() => (exited = true));
    const stats = new LoadStats();
    const stopSampling = stats.sampleRss(() => [server.child.pid!]);
    await runLoad(server.url, devices, 15_000, { socketEvery: 10 }, stats);
    stopSampling();
    stats.print('load', 15);
    expect(exited, server.output().slice(-2000)).toBe(false);
    expect(stats.byStatus[500] ?? 0, server.output().slice(-2000)).toBe(0);
    expect(stats.failures).toBe(0);
    expect(stats.auditAppended).toBeGreaterThan(10);
    expect(stats.acknowledged.size).toBeGreaterThan(1000);
    expect(stats.noticeDelay.length).toBeGreaterThan(0);
    expect(await endCheck(server.url, devices, stats)).toEqual({ missing: [], diverged: [], brokenChains: [] });
    expect(server.output()).not.toMatch(/unhandled|TypeError/i);
  }, 180_000);
});
