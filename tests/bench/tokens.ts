/**
 * Access-token rows of `npm run bench` (issue #15): `keyhaven run --token` from a cold start to the
 * child's first line, for a narrowed scope of 10 keys and a vault-wide one of 1 000, beside the same
 * child started directly and the token read done in process; and the server's token check per request,
 * beside a bare route doing the same hash and indexed select on the same database.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { createItem, deriveTokenSecrets, parseToken, readWithToken } from '../../shared/index.js';
import { tokenVault } from '../support/tokens.js';
import { benchServers } from './bench-server.js';
import { fmtMs, medianMs, percentile, ratio, type Section } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');
const CHILD = ['-e', 'console.log("ready")'];
const VALIDATIONS = 300;

/** Milliseconds from spawning `args` to its first line on stdout. */
function firstLineMs(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    let seen = false;
    child.stderr.on('data', (d) => (errors += d));
    child.stdout.on('data', (d: Buffer) => {
      if (!seen && d.includes('\n')) {
        seen = true;
        resolve(performance.now() - start);
      }
    });
    child.on('close', (code) => (seen ? undefined : reject(new Error(`no first line (exit ${code}): ${errors.slice(0, 500)}`))));
  });
}

async function bareApp(sql: Sql): Promise<Hono> {
  const app = new Hono();
  app.get('/token', async (c) => {
    const credential = (c.req.header('authorization') ?? '').slice(7);
    const hash = createHash('sha256').update(credential).digest();
    const [row] = await sql`select id, vault_id, mode, expires_at, revoked_at, allowed_ips from access_tokens where credential_hash = ${hash}`;
    return row ? c.json({ tokenId: row.id, vaultId: row.vault_id }) : c.json({}, 401);
  });
  return app;
}

async function latencies(url: string, credential: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < VALIDATIONS; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${credential}` } });
    if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return times;
}

export async function benchTokens(): Promise<Section[]> {
  const { server, bareUrl, close } = await benchServers(bareApp);
  try {
    const base = server.url;
    // 1 000 keys, ten of them tagged for the narrowed token.
    const items = Array.from({ length: 1000 }, (_, i) => ({ name: `KEY_${i}`, tags: i < 10 ? ['ten'] : [], value: `value-${i}-${randomUUID()}` }));
    const v = await tokenVault(base, items.slice(0, 1));
    for (const item of items.slice(1)) await v.client.engine.write(v.vault.vaultId, randomUUID(), createItem({ ...item, environment: '' }, new Date()));
    await v.client.engine.sync([v.vault.vaultId]);
    const narrowed = await v.make({ name: 'ten keys', scope: { items: null, tags: ['ten'], environment: null } });
    const wide = await v.make({ name: 'every key' });

    const home = join(mkdtempSync(join(tmpdir(), 'keyhaven-bench-')), 'home');
    const runWith = (token: string) => firstLineMs([join(ROOT, 'cli/bin.js'), 'run', '--', process.execPath, ...CHILD], { KEYHAVEN_TOKEN: token, KEYHAVEN_SERVER: base, KEYHAVEN_HOME: home });
    const bareChild = await medianMs(3, () => firstLineMs(CHILD, {}));
    const rows: (string | number)[][] = [];
    const data: Record<string, unknown>[] = [];
    for (const [label, made, n] of [['narrowed', narrowed, 10], ['vault-wide', wide, 1000]] as const) {
      await runWith(made.token); // one warm-up: the first run pays for tsx's compile cache
      const coldMs = await medianMs(3, () => runWith(made.token));
      const readMs = await medianMs(3, () => readWithToken(made.token, { baseUrl: base }));
      rows.push([`keyhaven run --token, ${label}`, n, fmtMs(coldMs), fmtMs(bareChild), ratio(coldMs, bareChild), fmtMs(readMs)]);
      data.push({ name: `run --token ${label}`, keys: n, keyhavenMs: coldMs, baselineMs: bareChild, inProcessReadMs: readMs });
    }

    const { credential } = await deriveTokenSecrets(parseToken(wide.token));
    const ours = await latencies(`${base}/v1/token`, credential);
    const bare = await latencies(`${bareUrl}/token`, credential);
    const [p50, p99, b50, b99] = [percentile(ours, 50), percentile(ours, 99), percentile(bare, 50), percentile(bare, 99)];
    return [
      {
        title: 'Access tokens: keyhaven run --token, cold start to the child’s first line',
        columns: ['benchmark', 'keys', 'KeyHaven ms', 'child alone ms', 'ratio', 'token read in process ms'],
        rows,
        notes: [
          'median of 3 after one warm-up; each run is a new process that reads the token, the vault’s items and their keys over HTTP, decrypts, and starts the child',
          'KeyHaven runs from the sources through tsx (as `npx keyhaven` does today): most of the gap is Node and tsx starting, see issue #19',
        ],
        data,
      },
      {
        title: `Access tokens: the server’s check per request (GET /v1/token, ${VALIDATIONS} sequential requests)`,
        columns: ['benchmark', 'p50 ms', 'p99 ms', 'bare p50 ms', 'bare p99 ms', 'ratio p50'],
        rows: [['token check + answer', fmtMs(p50), fmtMs(p99), fmtMs(b50), fmtMs(b99), ratio(p50, b50)]],
        notes: ['bare: a Hono route doing the same SHA-256 and indexed select on the same database; KeyHaven adds the expiry, revocation, address and rate-limit checks and the token’s answer'],
        data: [{ name: 'token validation', p50, p99, bareP50: b50, bareP99: b99 }],
      },
    ];
  } finally {
    await close();
  }
}
