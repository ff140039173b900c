/**
 * The small version of `npm run test:crash` (tests/load/crash.ts): devices keep working while server
 * processes are killed with SIGKILL and started again; afterwards every acknowledged write is there,
 * every device's pulls converge on the server's state and every audit chain verifies. With PostgreSQL,
 * two processes behind a balancer (one dies at a time); embedded, the one process that owns the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endCheck } from '../../support/load-checks.js';
import { LoadStats } from '../../support/load-stats.js';
import { loadDevices, runLoad } from '../../support/load.js';
import { startFleet, type Fleet } from '../../support/server-fleet.js';
import { testDatabase, usingPostgres, type TestDatabase } from '../../support/server.js';

let db: TestDatabase;
let fleet: Fleet;

beforeAll(async () => {
  db = await testDatabase();
  fleet = await startFleet(usingPostgres ? 2 : 1, { ...(db.url ? { DATABASE_URL: db.url } : { KEYHAVEN_DATA_DIR: db.dataDir! }), KEYHAVEN_LOGIN_RATE: '100000', LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(async () => {
  await fleet?.close();
  await db.drop();
});

describe(`servers killed under load (${usingPostgres ? 'PostgreSQL, two processes' : 'embedded, one process'})`, () => {
  it('loses no acknowledged write and leaves every device converged and every chain valid after three SIGKILLs', async () => {
    const devices = await loadDevices(fleet.url, 4, 10);
    const stats = new LoadStats();
    const load = runLoad(fleet.url, devices, 16_000, { tolerateOutages: true }, stats);
    for (let kill = 0; kill < 3; kill++) {
      await new Promise((r) => setTimeout(r, 4_000));
      await fleet.crash(kill % fleet.servers.length);
    }
    await load;
    stats.print('crash', 16);
    // Some requests met a dead instance (that is the point), and writes went on around the kills.
    expect(stats.failures + (stats.byStatus[502] ?? 0)).toBeGreaterThan(0);
    expect(stats.auditAppended).toBeGreaterThan(10);
    expect(stats.acknowledged.size).toBeGreaterThan(200);
    expect(stats.byStatus[500] ?? 0).toBe(0);
    expect(await endCheck(fleet.url, devices, stats)).toEqual({ missing: [], diverged: [], brokenChains: [] });
    expect(fleet.unexpectedExits).toEqual([]);
    expect(fleet.output()).not.toMatch(/unhandled|TypeError/i);
  }, 180_000);
});
