/**
 * Contended writes (`npm run bench -- --only=contention`): 50 writers pushing into one shared vault, and
 * 50 devices appending to one audit chain, each beside a bare route that runs the same SQL (the vault
 * row lock, the insert, the counter update) with nothing around it, in the same run.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { transaction } from '../../server/db/transaction.js';
import { ApiClient, MemoryStore, SyncEngine, type FetchLike } from '../../shared/index.js';
import { benchServers } from './bench-server.js';
import { createVault, identitiesOf, loginNewDevice, registerUser, sealedBlob, type TestDevice } from '../support/users.js';
import { fmtMs, percentile, ratio, type Section } from './harness.js';

const WRITERS = 50;
const PER_WRITER = 20;

interface Run {
  wallMs: number;
  latencies: number[];
  requests: number;
  refused: number;
}

async function writers(count: number, perWriter: number, task: (writer: number) => Promise<{ requests: number; refused: number }>): Promise<Run> {
  const run: Run = { wallMs: 0, latencies: [], requests: 0, refused: 0 };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t = performance.now();
        const { requests, refused } = await task(w);
        run.latencies.push(performance.now() - t);
        run.requests += requests;
        run.refused += refused;
      }
    }),
  );
  run.wallMs = performance.now() - start;
  return run;
}

/** The same statements as the real routes, without sessions, validation, revisions, signatures or chains. */
async function bareApp(sql: Sql): Promise<Hono> {
  await sql`create table if not exists bare_shared (vault_id uuid not null, id uuid not null, seq bigint not null, blob text, primary key (vault_id, id))`;
  await sql`create table if not exists bare_audit (vault_id uuid not null, seq bigint not null, entry jsonb not null, primary key (vault_id, seq))`;
  const app = new Hono();
  app.post('/push/:vault', async (c) => {
    const { itemId, blob } = await c.req.json<{ itemId: string; blob: string }>();
    const vault = c.req.param('vault');
    await transaction(sql, async (tx) => {
      const [row] = await tx<{ item_seq: string }[]>`select item_seq from vaults where id = ${vault} for update`;
      const seq = Number(row!.item_seq) + 1;
      await tx`insert into bare_shared (vault_id, id, seq, blob) values (${vault}, ${itemId}, ${seq}, ${blob})`;
      await tx`update vaults set item_seq = ${seq} where id = ${vault}`;
    });
    return c.json({ ok: true });
  });
  app.post('/audit/:vault', async (c) => {
    const entry = await c.req.json<Record<string, unknown>>();
    const vault = c.req.param('vault');
    await transaction(sql, async (tx) => {
      const [row] = await tx<{ audit_seq: string }[]>`select audit_seq from vaults where id = ${vault} for update`;
      const seq = Number(row!.audit_seq) + 1;
      await tx`insert into bare_audit (vault_id, seq, entry) values (${vault}, ${seq}, ${tx.json(entry as never)})`;
      await tx`update vaults set audit_seq = ${seq} where id = ${vault}`;
    });
    return c.json({ ok: true });
  });
  return app;
}

export async function benchContention(): Promise<Section[]> {
  const { server, database, bareUrl, close } = await benchServers(bareApp);
  try {
    const base = server.url;
    const user = await registerUser(base);
    const devices: TestDevice[] = [user.device, ...(await Promise.all(Array.from({ length: WRITERS - 1 }, (_, i) => loginNewDevice(base, user, `bench ${i}`))))];
    const vault = await createVault(base, user);
    const blob = await sealedBlob(vault, randomUUID());
    const post = (url: string, body: unknown, token?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

    const khPush = await writers(WRITERS, PER_WRITER, async (w) => {
      const res = await post(`${base}/v1/vaults/${vault.vaultId}/items`, { items: [{ itemId: randomUUID(), baseRevision: 0, blob }] }, devices[w]!.token);
      if (!res.ok) throw new Error(`push failed: ${res.status}`);
      await res.arrayBuffer();
      return { requests: 1, refused: 0 };
    });
    const barePush = await writers(WRITERS, PER_WRITER, async () => {
      await (await post(`${bareUrl}/push/${vault.vaultId}`, { itemId: randomUUID(), blob })).arrayBuffer();
      return { requests: 1, refused: 0 };
    });

    // Audit: each device appends PER_WRITER entries the way the apps do (SyncEngine: recordAudit queues a
    // signed entry, pushAudit sends the queue), over a client that counts requests and refusals.
    const auditRun = async (label: string, batch: number) => {
      const chain = await createVault(base, user);
      const counts = { requests: 0, refused: 0 };
      const counting: FetchLike = async (input, init) => {
        const res = await fetch(input, init);
        if (init?.method === 'POST') {
          counts.requests++;
          if (res.status >= 400) counts.refused++;
        }
        return res;
      };
      const engines = devices.map(
        (device) =>
          new SyncEngine({
            api: new ApiClient({ baseUrl: base, token: device.token, fetch: counting }),
            store: new MemoryStore(),
            keyringFor: async () => chain.keyring,
            device: { deviceId: device.id, accountId: user.accountId, signingKey: device.keys.signingKey },
            identities: identitiesOf(user),
          }),
      );
      const run = await writers(WRITERS, PER_WRITER / batch, async (w) => {
        for (let i = 0; i < batch; i++) await engines[w]!.recordAudit(chain.vaultId, 'item.reveal', randomUUID());
        await engines[w]!.pushAudit([chain.vaultId]);
        return { requests: 0, refused: 0 };
      });
      return { label, run: { ...run, requests: counts.requests, refused: counts.refused }, entries: WRITERS * PER_WRITER };
    };
    const single = await auditRun('one entry per request', 1);
    const batched = await auditRun(`${PER_WRITER / 4} entries per request`, PER_WRITER / 4);
    const bareAudit = await writers(WRITERS, PER_WRITER, async () => {
      await (await post(`${bareUrl}/audit/${vault.vaultId}`, { action: 'item.reveal', item: randomUUID() })).arrayBuffer();
      return { requests: 1, refused: 0 };
    });

    const perSecond = (n: number, r: Run) => (n / r.wallMs) * 1000;
    const pushRow = ['push one item into one shared vault', WRITERS * PER_WRITER, perSecond(WRITERS * PER_WRITER, khPush).toFixed(0), fmtMs(percentile(khPush.latencies, 99)), perSecond(WRITERS * PER_WRITER, barePush).toFixed(0), fmtMs(percentile(barePush.latencies, 99)), ratio(barePush.wallMs, khPush.wallMs), '—'];
    const auditRow = ({ label, run, entries }: Awaited<ReturnType<typeof auditRun>>) => [
      `audit append on one chain: ${label}`,
      entries,
      perSecond(entries, run).toFixed(0),
      fmtMs(percentile(run.latencies, 99)),
      perSecond(entries, bareAudit).toFixed(0),
      fmtMs(percentile(bareAudit.latencies, 99)),
      ratio(bareAudit.wallMs, run.wallMs),
      `${run.requests} (${run.refused} refused)`,
    ];
    const dbName = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    return [
      {
        title: `Contended writes, ${WRITERS} devices of one account at once (${dbName}, loopback)`,
        columns: ['benchmark', 'writes', 'KeyHaven /s', 'p99 ms', 'bare /s', 'bare p99', 'throughput ratio', 'KeyHaven requests'],
        rows: [pushRow, ...[single, batched].map(auditRow)],
        notes: [
          'bare: the same statements (vault row lock, insert, counter update) behind a Hono route, without sessions, validation, revisions, signatures or a hash chain',
          'audit rows use the engine (v2 entries, docs/crypto.md §21): each entry is signed when queued on the head its device verified, and the server places it; no device signs twice; p99 is per device turn',
        ],
        data: [
          { name: 'shared-vault push', writes: WRITERS * PER_WRITER, keyhavenPerSecond: perSecond(WRITERS * PER_WRITER, khPush), barePerSecond: perSecond(WRITERS * PER_WRITER, barePush) },
          ...[single, batched].map(({ label, run, entries }) => ({
            name: `audit: ${label}`,
            entries,
            keyhavenPerSecond: perSecond(entries, run),
            barePerSecond: perSecond(entries, bareAudit),
            requests: run.requests,
            refused: run.refused,
          })),
        ],
      },
    ];
  } finally {
    await close();
  }
}
