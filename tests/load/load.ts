/**
 * npm run test:load [-- --devices 200 --accounts 20 --seconds 120 --instances 3]: simulated devices on
 * a fresh database through a round-robin balancer in front of real server processes (PostgreSQL from
 * DATABASE_URL; without it, one instance on the embedded database). Prints throughput, latency per
 * route, realtime notice delay and the servers' memory over time, then the end checks.
 */
import { endCheck } from '../support/load-checks.js';
import { LoadStats } from '../support/load-stats.js';
import { loadDevices, runLoad } from '../support/load.js';
import { startFleet } from '../support/server-fleet.js';
import { freshDatabase, runOptions, verdict } from './setup.js';

const options = runOptions({ devices: 200, accounts: 20, seconds: 120, instances: 3 });
const db = await freshDatabase();
const instances = db.postgres ? options.instances : 1;
console.log(`load: ${options.devices} devices on ${options.accounts} accounts for ${options.seconds} s, ${instances} instance(s) on ${db.postgres ? 'PostgreSQL' : 'the embedded database'}`);
const fleet = await startFleet(instances, { ...db.env, KEYHAVEN_LOGIN_RATE: '100000', LOG_LEVEL: 'warn' });
let passed = false;
try {
  const devices = await loadDevices(fleet.url, options.accounts, options.devices / options.accounts);
  const stats = new LoadStats();
  const stopSampling = stats.sampleRss(() => fleet.pids());
  await runLoad(fleet.url, devices, options.seconds * 1000, { socketEvery: 10 }, stats);
  stopSampling();
  stats.print('load', options.seconds);
  const unhandled = /unhandled|TypeError/i.test(fleet.output()) ? ['a server logged an unhandled error'] : [];
  const transport = stats.failures > 0 ? [`${stats.failures} requests failed in transport`] : [];
  passed = verdict(stats, await endCheck(fleet.url, devices, stats), [...fleet.unexpectedExits, ...unhandled, ...transport]);
} finally {
  await fleet.close();
  await db.drop();
}
process.exit(passed ? 0 : 1);
