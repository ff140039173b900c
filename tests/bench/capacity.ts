/**
 * Capacity rows of `npm run bench`, against a server in its own process (so the load generator does
 * not share its event loop): the highest sustained rate of pushes and of pulls with p99 under 50 ms,
 * beside the bare same-SQL server's in the same run; the server's memory per 1 000 open realtime
 * sockets; and the most sockets one process holds while p99 of push → notice stays under 1 s.
 */
import { randomUUID } from 'node:crypto';
import { freshDatabase } from '../load/setup.js';
import { call } from '../support/api.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { createVault, newDeviceRegistration, registerUser, sealedBlob, type TestVault } from '../support/users.js';
import { percentile, type Section } from './harness.js';
import { holdSockets } from './sockets.js';

const RATES = [25, 50, 100, 150, 200, 300, 400, 600, 800, 1200, 1600, 2400];
const STEP_S = 5;
const P99_LIMIT_MS = 50;

/** Fires `fire` at `rate` per second for `seconds` (open loop: it does not wait for answers). */
async function sustain(rate: number, seconds: number, fire: (i: number) => Promise<Response>): Promise<{ achieved: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    inFlight.push(fire(i).then(async (res) => {
      await res.arrayBuffer();
      if (!res.ok) errors++;
      latencies.push(performance.now() - t);
    }, () => void errors++));
  }
  await Promise.all(inFlight);
  return { achieved: latencies.length / ((performance.now() - start) / 1000), p99: percentile(latencies, 99), errors };
}

interface Sustained {
  rate: number;
  p99: number;
  /** Each step tried: rate, p99 and errors, for the notes. */
  steps: string[];
}

/**
 * The highest step whose p99 stays under the limit with every request answered on time and well. A
 * warm-up first (JIT, pools); a step that fails is tried once more, so one pause of a shared two-core
 * machine does not end the search.
 */
async function highestSustained(fire: (i: number) => Promise<Response>): Promise<Sustained> {
  await sustain(RATES[1]!, 2, fire);
  const result: Sustained = { rate: 0, p99: 0, steps: [] };
  for (const rate of RATES) {
    let passed = false;
    for (let attempt = 0; attempt < 2 && !passed; attempt++) {
      const run = await sustain(rate, STEP_S, fire);
      result.steps.push(`${rate}/s p99 ${run.p99.toFixed(0)} ms${run.errors ? ` ${run.errors} errors` : ''}`);
      passed = run.errors === 0 && run.p99 < P99_LIMIT_MS && run.achieved >= rate * 0.9;
      if (passed) Object.assign(result, { rate, p99: run.p99 });
    }
    if (!passed) break;
  }
  return result;
}

export async function benchCapacity(): Promise<Section[]> {
  const db = await freshDatabase();
  const servers: ServerProcess[] = [];
  try {
    const server = await spawnServer({ ...db.env, KEYHAVEN_LOGIN_RATE: '100000', LOG_LEVEL: 'warn' });
    const bare = await spawnServer(db.env, 'tests/bench/bare-server.ts');
    servers.push(server, bare);
    const user = await registerUser(server.url);
    const devices: { token: string; vault: TestVault }[] = [];
    for (let i = 0; i < 20; i++) {
      const device = await newDeviceRegistration(`bench ${i}`);
      const login = await call(server.url, 'POST', '/v1/login', { body: { email: user.email, authKey: user.authKey, device: { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey } } });
      devices.push({ token: login.body.token, vault: await createVault(server.url, user, login.body.token) });
    }
    const blob = await sealedBlob(devices[0]!.vault, randomUUID());
    const json = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const pick = (i: number) => devices[i % devices.length]!;

    const pushes = await highestSustained((i) => fetch(`${server.url}/v1/vaults/${pick(i).vault.vaultId}/items`, { method: 'POST', headers: json(pick(i).token), body: JSON.stringify({ items: [{ itemId: randomUUID(), baseRevision: 0, blob }] }) }));
    const barePushes = await highestSustained((i) => fetch(`${bare.url}/push`, { method: 'POST', headers: json(), body: JSON.stringify({ vaultId: pick(i).vault.vaultId, itemId: randomUUID(), blob }) }));
    const pulls = await highestSustained((i) => fetch(`${server.url}/v1/vaults/${pick(i).vault.vaultId}/changes?after=0&limit=1`, { headers: json(pick(i).token) }));
    const barePulls = await highestSustained((i) => fetch(`${bare.url}/pull?vault=${pick(i).vault.vaultId}&after=0&limit=1`));
    const rateRow = (name: string, kh: Sustained, b: Sustained) => [name, kh.rate, kh.p99.toFixed(1), b.rate, b.p99.toFixed(1), b.rate ? `${(kh.rate / b.rate).toFixed(2)}×` : '—'];

    const sockets = await holdSockets(server, devices);
    return [
      {
        title: `Sustained rate with p99 under ${P99_LIMIT_MS} ms (server in its own process, ${db.postgres ? 'PostgreSQL' : 'embedded PGlite'}; steps ${RATES.join(', ')}/s, ${STEP_S} s each)`,
        columns: ['what', 'KeyHaven /s', 'p99 ms', 'bare same SQL /s', 'p99 ms', 'ratio'],
        rows: [rateRow('push, one new item', pushes, barePushes), rateRow('pull, delta of one change', pulls, barePulls)],
        notes: [
          'Open loop: requests are sent on schedule whether or not earlier ones were answered; a step passes when all are answered without error, at ≥ 90% of its rate, with p99 under the limit (a failed step is tried once more).',
          `push steps: ${pushes.steps.join('; ')}`,
          `bare push steps: ${barePushes.steps.join('; ')}`,
          `pull steps: ${pulls.steps.join('; ')}`,
          `bare pull steps: ${barePulls.steps.join('; ')}`,
        ],
        data: [{ name: 'push', keyhaven: pushes, bare: barePushes }, { name: 'pull', keyhaven: pulls, bare: barePulls }],
      },
      sockets,
    ];
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await db.drop();
  }
}
