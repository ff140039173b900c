/**
 * CLI rows of `npm run bench`: the packaged command (built here as `npm run build:cli` builds it) started
 * in a child process, beside a bare `node` start in the same run, which no Node command can beat; and
 * `ls` / `get` on a 10 000-item vault beside a bare start plus the PBKDF2 every unlock must pay, and
 * `scan` over 10 000 files beside a bare Node walk that reads them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build-cli.js';
import { fmtMs, percentile, ratio, type Section } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');
const PASSWORD = 'bench password, not a secret';
const ITEMS = 10_000;
const GNU_TIME = '/usr/bin/time';

interface Run { ms: number; rssMiB: number | null }

/** Wall time of one child from spawn to exit, and its peak RSS where GNU time is there to tell it. */
function timed(args: string[], env: NodeJS.ProcessEnv, input = '', exitCodes: readonly number[] = [0]): Promise<Run> {
  const measureRss = existsSync(GNU_TIME);
  const [cmd, argv] = measureRss ? [GNU_TIME, ['-f', '%M', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (!exitCodes.includes(code ?? -1)) return reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.slice(-400)}`));
      const kib = measureRss ? Number(stderr.trim().split('\n').at(-1)) : NaN;
      resolve({ ms, rssMiB: Number.isFinite(kib) ? kib / 1024 : null });
    });
    child.stdin.end(input);
  });
}

async function median(runs: number, args: string[], env: NodeJS.ProcessEnv, input?: string, exitCodes?: readonly number[]): Promise<Run> {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) all.push(await timed(args, env, input, exitCodes));
  const rss = all.map((r) => r.rssMiB).filter((r): r is number => r !== null);
  return { ms: percentile(all.map((r) => r.ms), 50), rssMiB: rss.length ? percentile(rss, 50) : null };
}

const BARE_PBKDF2 = `const c = globalThis.crypto.subtle; const k = await c.importKey('raw', new TextEncoder().encode('x'), 'PBKDF2', false, ['deriveBits']); await c.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 600000 }, k, 256);`;

const SCAN_FILES = 10_000;
const SCAN_MB = 20;
/** Walks a folder and reads every file as text: what any scanner must do at least. */
const BARE_READ_ALL = `const fs = require('node:fs'); const path = require('node:path'); let n = 0; const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else n += fs.readFileSync(p, 'utf8').length; } }; walk(process.argv[1]);`;

/** 10 000 source-like files in 100 folders (2 KB each: code, lock-file hashes, ids, prose), one key in every 500. */
function scanFixture(root: string): string {
  const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
  for (let folder = 0; folder < 100; folder++) {
    mkdirSync(join(root, `pkg-${folder}`, 'src'), { recursive: true });
    for (let f = 0; f < SCAN_FILES / 100; f++) {
      const i = folder * 100 + f;
      const lines = [
        `import { handler${i} } from '../shared/module-${i % 37}.js';`,
        `export const commit = '${hex(40)}'; // request ${crypto.randomUUID()}`,
        `  "integrity": "sha512-${randomBytes(48).toString('base64')}",`,
        i % 500 === 0 ? `const stripe = 'sk_live_${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}';` : `export function run${i}(options = {}) { return handler${i}(options, ${i}); }`,
      ];
      let text = '';
      while (text.length < (SCAN_MB * 1_000_000) / SCAN_FILES) text += lines.join('\n') + '\nThe build finished without errors; see the log for details.\n';
      writeFileSync(join(root, `pkg-${folder}`, 'src', `file-${f}.ts`), text);
    }
  }
  return root;
}

export async function benchCli(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-bench-cli-'));
  try {
    const entry = await buildCli(join(dir, 'package'));
    const env = { ...process.env, KEYHAVEN_HOME: join(dir, 'home'), KEYHAVEN_PASSWORD: PASSWORD };
    const bare = await median(15, ['-e', '0'], env);
    const bareUnlock = await median(5, ['--input-type=module', '-e', BARE_PBKDF2], env);
    const rows: { name: string; run: Run; baseline: Run; baselineName: string }[] = [];
    const row = async (name: string, args: string[], runs = 15, baseline = bare, baselineName = 'node -e 0', exitCodes?: readonly number[]) =>
      rows.push({ name, run: await median(runs, args, env, undefined, exitCodes), baseline, baselineName });

    await row('keyhaven --version', [entry, '--version']);
    await row('keyhaven --help', [entry, '--help']);
    await row('keyhaven generate (no key derived)', [entry, 'generate']);
    await row('keyhaven --version, sources through tsx', [join(ROOT, 'cli/bin.js'), '--version'], 5);

    await timed([entry, 'init'], env);
    const dotenv = Array.from({ length: ITEMS }, (_, i) => `BENCH_KEY_${i}=sk_test_${String(i).padStart(40, '0')}`).join('\n') + '\n';
    writeFileSync(join(dir, 'keys.env'), dotenv);
    await timed([entry, 'import', join(dir, 'keys.env')], env);
    await row(`keyhaven ls, ${ITEMS} items`, [entry, 'ls', '--json'], 3, bareUnlock, 'node + bare PBKDF2 600 000');
    await row(`keyhaven get, ${ITEMS} items`, [entry, 'get', 'BENCH_KEY_5000'], 3, bareUnlock, 'node + bare PBKDF2 600 000');

    const repo = scanFixture(join(dir, 'repo'));
    const bareRead = await median(3, ['-e', BARE_READ_ALL, repo], env);
    await row(`keyhaven scan, ${SCAN_FILES} files (${SCAN_MB} MB)`, [entry, 'scan', repo, '--no-vault'], 3, bareRead, 'node reading every file', [8]);

    const mib = (r: Run) => (r.rssMiB === null ? '—' : r.rssMiB.toFixed(0));
    return {
      title: 'CLI start-up and reads (packaged command, child processes)',
      columns: ['command', 'ms', 'RSS MiB', 'baseline ms', 'baseline RSS', 'ratio', 'baseline'],
      rows: rows.map((r) => [r.name, fmtMs(r.run.ms), mib(r.run), fmtMs(r.baseline.ms), mib(r.baseline), ratio(r.run.ms, r.baseline.ms), r.baselineName]),
      notes: ['median of 15 starts (3 for the 10 000-item reads and the scan); the home is made with `keyhaven init` and `keyhaven import` of a .env; the scanned folder has one planted key in every 500 files'],
      data: rows.map((r) => ({ name: r.name, ms: r.run.ms, rssMiB: r.run.rssMiB, baselineMs: r.baseline.ms, baselineRssMiB: r.baseline.rssMiB, baseline: r.baselineName, ratio: r.run.ms / r.baseline.ms })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
