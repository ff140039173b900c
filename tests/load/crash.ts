/**
 * npm run test:crash [-- --devices 100 --accounts 10 --seconds 180 --instances 2 --restart-postgres]:
 * the load run's workload while server processes are killed with SIGKILL and started again, over and
 * over. With --restart-postgres (asked for explicitly: it stops this machine's PostgreSQL, and whatever
 * else uses it), DATABASE_URL on a local cluster and root, PostgreSQL is also restarted once and
 * stopped for 30 s once while the servers stay up, and they must serve again on their own. Then the
 * same end checks as the load run.
 */
import { execFileSync } from 'node:child_process';
import { endCheck } from '../support/load-checks.js';
import { LoadStats } from '../support/load-stats.js';
import { loadDevices, runLoad } from '../support/load.js';
import { startFleet } from '../support/server-fleet.js';
import { freshDatabase, runOptions, verdict } from './setup.js';

const options = runOptions({ devices: 100, accounts: 10, seconds: 180, instances: 2 }, ['restart-postgres']);
const KILL_EVERY_MS = 7_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The local cluster behind DATABASE_URL, if asked for and this machine can stop and start it. */
function controllableCluster(): string[] | null {
  if (!options.switches.has('restart-postgres') || !process.env.DATABASE_URL || process.getuid?.() !== 0) return null;
  try {
    const url = new URL(process.env.DATABASE_URL);
    if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
    const port = url.port || '5432';
    const line = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((cols) => cols[2] === port);
    return line ? [line[0]!, line[1]!] : null;
  } catch {
    return null;
  }
}
const pg = (action: 'restart' | 'stop' | 'start', cluster: string[]) => execFileSync('pg_ctlcluster', [...cluster, action], { stdio: 'ignore' });

const db = await freshDatabase();
const cluster = controllableCluster();
console.log(`crash: ${options.devices} devices, ${options.seconds} s, ${options.instances} instance(s), SIGKILL every ${KILL_EVERY_MS / 1000} s; PostgreSQL restart and 30 s stop: ${cluster ? `yes (cluster ${cluster.join(' ')})` : 'no (needs --restart-postgres, DATABASE_URL on a local cluster, and root)'}`);
// Never leave this machine's PostgreSQL stopped, whatever ends the run (starting a running one fails: ignored).
const restorePostgres = () => {
  if (!cluster) return;
  try {
    pg('start', cluster);
  } catch {
    // already running
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    restorePostgres();
    process.exit(130);
  });
}
const fleet = await startFleet(options.instances, { ...db.env, KEYHAVEN_LOGIN_RATE: '100000', LOG_LEVEL: 'warn' });
const problems: string[] = [];
let passed = false;
try {
  const devices = await loadDevices(fleet.url, options.accounts, options.devices / options.accounts);
  const stats = new LoadStats();
  const stopSampling = stats.sampleRss(() => fleet.pids());
  const started = Date.now();
  const end = started + options.seconds * 1000;
  let kills = 0;
  const chaosDone = (async () => {
    let pgPhase = 0;
    while (Date.now() < end - 15_000) {
      await sleep(KILL_EVERY_MS);
      const at = (Date.now() - started) / (options.seconds * 1000);
      if (cluster && pgPhase === 0 && at > 0.3) {
        pgPhase = 1;
        console.log(`  ${Math.round((Date.now() - started) / 1000)} s: restarting PostgreSQL`);
        pg('restart', cluster);
      } else if (cluster && pgPhase === 1 && at > 0.55) {
        pgPhase = 2;
        console.log(`  ${Math.round((Date.now() - started) / 1000)} s: stopping PostgreSQL for 30 s`);
        pg('stop', cluster);
        await sleep(30_000);
        pg('start', cluster);
        // The servers that stayed up must serve again by themselves, without a restart.
        const recovered = await Promise.all(fleet.servers.map(async (s) => {
          for (const until = Date.now() + 30_000; Date.now() < until; await sleep(250)) {
            if ((await fetch(`${s.url}/health`).catch(() => null))?.status === 200) return true;
          }
          return false;
        }));
        if (recovered.includes(false)) problems.push('a server did not serve again within 30 s of PostgreSQL coming back');
        console.log(`  ${Math.round((Date.now() - started) / 1000)} s: PostgreSQL is back; servers healthy again: ${!recovered.includes(false)}`);
      } else {
        const victim = kills++ % fleet.servers.length;
        await fleet.crash(victim);
      }
    }
  })();
  // Handled at once: a failure here (a server that does not come back) must not end the process before `finally`.
  const chaos = chaosDone.catch((error: unknown) => void problems.push(`the chaos loop failed: ${String(error)}`));
  await runLoad(fleet.url, devices, options.seconds * 1000, { tolerateOutages: true, socketEvery: 10 }, stats);
  await chaos;
  stopSampling();
  stats.print(`crash (${kills} SIGKILLs)`, options.seconds);
  if (/unhandled|TypeError/i.test(fleet.output())) problems.push('a server logged an unhandled error');
  problems.push(...fleet.unexpectedExits);
  passed = verdict(stats, await endCheck(fleet.url, devices, stats), problems);
} finally {
  restorePostgres();
  await fleet.close();
  await db.drop();
}
process.exit(passed ? 0 : 1);
