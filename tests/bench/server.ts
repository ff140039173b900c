/**
 * Server rows of `npm run bench`: push and pull throughput with 50 concurrent clients against a bare
 * Hono + postgres.js route doing the same insert or select on the same database in the same run, and
 * the bytes a delta pull sends for one change in a 10 000-item vault against the whole vault.
 * Embedded database by default; DATABASE_URL for a real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { bareApp } from './bare-server.js';
import { benchServers } from './bench-server.js';
import { call } from '../support/api.js';
import { createVault, newDeviceRegistration, registerUser, sealedBlob, type TestVault } from '../support/users.js';
import { fmtMs, percentile, ratio, type Section } from './harness.js';

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 40;
/**
 * KeyHaven and its baselines take turns, a slice of the requests each, this many times: on a shared
 * 2-core machine the load from elsewhere moves by tens of percent within seconds, and runs made one
 * after the other would put that drift into the ratio.
 */
const ROUNDS = 5;
const VAULT_ITEMS = 10_000;

interface Run {
  wallMs: number;
  latencies: number[];
}

/** Every client runs its requests one after another; all clients at once. */
async function concurrently(clients: number, perClient: number, request: (client: number, i: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const t = performance.now();
        await request(client, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { wallMs: performance.now() - start, latencies };
}

/** Each of `runs` gets `perClient / ROUNDS` requests per client per round, in turn; their runs merged. */
async function inTurns(perClient: number, runs: [(perClient: number) => Promise<Run>, (perClient: number) => Promise<Run>, (perClient: number) => Promise<Run>]): Promise<[Run, Run, Run]> {
  const merged: [Run, Run, Run] = [{ wallMs: 0, latencies: [] }, { wallMs: 0, latencies: [] }, { wallMs: 0, latencies: [] }];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, run] of runs.entries()) {
      const r = await run(perClient / ROUNDS);
      merged[i]!.wallMs += r.wallMs;
      merged[i]!.latencies.push(...r.latencies);
    }
  }
  return merged;
}

async function ok(res: Response): Promise<void> {
  if (!res.ok) throw new Error(`bench request failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function benchServer(): Promise<Section[]> {
  const { server, database, bareUrl, close } = await benchServers(bareApp);
  try {
    const base = server.url;
    // 50 devices of one account, each with its own vault: concurrency without one vault's row lock
    // serialising everything (that contention is real, but it is not what this row measures).
    const user = await registerUser(base);
    const tokens: string[] = [];
    const vaults: TestVault[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const device = await newDeviceRegistration(`bench ${i}`);
      const login = await call(base, 'POST', '/v1/login', {
        body: { email: user.email, authKey: user.authKey, device: { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey } },
      });
      tokens.push(login.body.token);
      vaults.push(await createVault(base, user, login.body.token));
    }
    const blob = await sealedBlob(vaults[0]!, randomUUID()); // a real envelope's size, ~650 characters
    const headers = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });

    const push = (url: (c: number) => string, body: (c: number) => unknown, auth: boolean) => (perClient: number) =>
      concurrently(CLIENTS, perClient, (c) =>
        fetch(url(c), { method: 'POST', headers: headers(auth ? tokens[c] : undefined), body: JSON.stringify(body(c)) }).then(ok),
      );
    const onePush = () => ({ items: [{ itemId: randomUUID(), baseRevision: 0, blob }] });
    const [khPush, samePush, barePush] = await inTurns(REQUESTS_PER_CLIENT, [
      push((c) => `${base}/v1/vaults/${vaults[c]!.vaultId}/items`, onePush, true),
      push((c) => `${bareUrl}/same/${vaults[c]!.vaultId}/items`, onePush, true),
      push(() => `${bareUrl}/push`, (c) => ({ vaultId: vaults[c]!.vaultId, itemId: randomUUID(), blob }), false),
    ]);
    // A delta pull as a device makes it after a notice: the one newest change.
    const seqs = await database.sql<{ id: string; item_seq: string }[]>`select id, item_seq from vaults where id in ${database.sql(vaults.map((v) => v.vaultId))}`;
    const newest = new Map(seqs.map((r) => [r.id, Number(r.item_seq)]));
    const pull = (url: (c: number) => string, auth: boolean) => (perClient: number) =>
      concurrently(CLIENTS, perClient, (c) => fetch(url(c), { headers: headers(auth ? tokens[c] : undefined) }).then(ok));
    const [maxSeq] = await database.sql<{ m: string }[]>`select max(seq)::text as m from bare_items`;
    const [khPull, samePull, barePull] = await inTurns(REQUESTS_PER_CLIENT, [
      pull((c) => `${base}/v1/vaults/${vaults[c]!.vaultId}/changes?after=${newest.get(vaults[c]!.vaultId)! - 1}`, true),
      pull((c) => `${bareUrl}/same/${vaults[c]!.vaultId}/changes?after=${newest.get(vaults[c]!.vaultId)! - 1}`, true),
      pull((c) => `${bareUrl}/pull?vault=${vaults[c]!.vaultId}&after=${Number(maxSeq!.m) - 1}`, false),
    ]);

    const throughput = (r: Run) => (r.latencies.length / r.wallMs) * 1000;
    const row = (name: string, kh: Run, same: Run, floor: Run) => [
      name,
      kh.latencies.length,
      throughput(kh).toFixed(0),
      fmtMs(percentile(kh.latencies, 50)),
      fmtMs(percentile(kh.latencies, 99)),
      throughput(same).toFixed(0),
      fmtMs(percentile(same.latencies, 99)),
      ratio(throughput(kh), throughput(same)),
      throughput(floor).toFixed(0),
      ratio(throughput(kh), throughput(floor)),
    ];
    const stats = (r: Run) => ({ perSecond: throughput(r), p50Ms: percentile(r.latencies, 50), p99Ms: percentile(r.latencies, 99) });
    const data = (name: string, kh: Run, same: Run, floor: Run) => ({
      name,
      clients: CLIENTS,
      requests: kh.latencies.length,
      keyhaven: stats(kh),
      bare: stats(same),
      floor: stats(floor),
      ratio: throughput(kh) / throughput(same),
      floorRatio: throughput(kh) / throughput(floor),
    });

    const wire = await wireBytes(base, tokens[0]!, vaults[0]!);
    const dbName = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    return [
      {
        title: `Sync server, ${CLIENTS} concurrent clients (${dbName}, loopback)`,
        columns: ['benchmark', 'requests', 'KeyHaven req/s', 'p50 ms', 'p99 ms', 'same SQL req/s', 'p99 ms', 'ratio', 'one statement req/s', 'ratio'],
        rows: [row('push one item', khPush, samePush, barePush), row('delta pull (one change)', khPull, samePull, barePull)],
        notes: [
          'same SQL: the statements KeyHaven runs, from the same functions, behind a bare Hono route (no middleware, validation or answer to build)',
          '  push: session and role (1), begin, vault lock (1), stored items (1), one write, commit, notice; pull: session and role (1), changes (1)',
          `KeyHaven and both baselines take turns, ${ROUNDS} rounds of ${REQUESTS_PER_CLIENT / ROUNDS} requests per client each: load from elsewhere on the machine falls on all three alike`,
          'one statement: a single insert or select with nothing around it (no auth, revisions, lock or notice): the floor',
          'the pushes carry no audit record (these vaults are not upgraded); a real client\'s does, checked and chained in the same statements',
        ],
        data: [data('push one item', khPush, samePush, barePush), data('delta pull (one change)', khPull, samePull, barePull)],
      },
      {
        title: `Bytes on the wire, one changed item in a ${VAULT_ITEMS.toLocaleString('en')}-item vault`,
        columns: ['what', 'bytes', 'share of whole vault'],
        rows: [
          ['delta pull after the change', wire.delta, `${((wire.delta / wire.full) * 100).toFixed(3)} %`],
          ['whole vault (what a full-sync server sends)', wire.full, '100 %'],
        ],
        notes: [`response bodies only (HTTP headers add ~250 bytes to each); the whole vault took ${wire.pages} pages`],
        data: [{ name: 'wire bytes', items: VAULT_ITEMS, deltaBytes: wire.delta, fullBytes: wire.full, ratio: wire.delta / wire.full }],
      },
    ];
  } finally {
    await close();
  }
}

async function wireBytes(base: string, token: string, vault: TestVault) {
  const ids = Array.from({ length: VAULT_ITEMS }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 500) {
    const items = await Promise.all(ids.slice(i, i + 500).map(async (itemId) => ({ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) })));
    const res = await call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token, body: { items } });
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status}`);
  }
  let full = 0;
  let pages = 0;
  let cursor = 0;
  for (;;) {
    const res = await fetch(`${base}/v1/vaults/${vault.vaultId}/changes?after=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    full += bytes.length;
    pages++;
    const page = JSON.parse(new TextDecoder().decode(bytes)) as { cursor: number; hasMore: boolean };
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const edited = ids[4321]!;
  await call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token, body: { items: [{ itemId: edited, baseRevision: 1, blob: await sealedBlob(vault, edited) }] } });
  const delta = (await (await fetch(`${base}/v1/vaults/${vault.vaultId}/changes?after=${cursor}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()).byteLength;
  return { full, delta, pages };
}
