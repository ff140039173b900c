/**
 * Detector throughput in Node (`keyhaven scan`'s engine): the detector bundled as the CLI ships it,
 * over a 10 MB corpus of source, lock files, logs, markup and prose with keys planted in env lines.
 * Baseline in the same run: one regular expression for key-like runs over the same text, the least any
 * scanner must read.
 */
import { buildSync } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOGUE, type Detection } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import { percentile, ratio, type Section } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS_BYTES = 10_000_000;
const FILE_LINES = 200;

type Detect = (text: string) => Detection[];

async function bundledDetector(): Promise<Detect> {
  const dir = mkdtempSync(join(tmpdir(), 'kh-detect-'));
  try {
    const file = join(dir, 'detect.mjs');
    buildSync({ entryPoints: [join(ROOT, 'shared/detect/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: file, logLevel: 'warning' });
    return ((await import(pathToFileURL(file).href)) as { detectKeys: Detect }).detectKeys;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Files of mixed text, one planted key in every 1 000 lines. */
function corpus(): { files: string[]; bytes: number; planted: number } {
  const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
  const distinctive = CATALOGUE.filter((e) => !e.generic);
  const lines: string[] = [];
  let bytes = 0;
  let planted = 0;
  for (let i = 0; bytes < CORPUS_BYTES; i++) {
    const kinds = [
      () => `const commit = "${hex(40)}"; // build ${i}`,
      () => `  "integrity": "sha512-${randomBytes(48).toString('base64')}",`,
      () => `request ${crypto.randomUUID()} took ${i % 300} ms at 2026-11-${(i % 28) + 1}`,
      () => `export function handle${i}(event: Event, options: Options = {}): Promise<void> {`,
      () => 'The deployment finished without errors; 42 files changed, see the log for details.',
      () => `  import { something } from '../../shared/module-${i}.js';`,
      () => `<img alt="" src="data:image/png;base64,${randomBytes(60).toString('base64')}">`,
      () => `id_${hex(24)} token_count=${i} model=gpt-4o-mini`,
      () => `    if (value.length > ${i}) throw new Error('too long: ' + value.slice(0, 20));`,
      () => `<a href="https://example.org/docs/${hex(8)}/getting-started#install">Install</a>`,
    ];
    let line: string;
    if (i % 1000 === 500) {
      line = `${distinctive[planted % distinctive.length]!.provider.toUpperCase()}_KEY=${fakeKey(distinctive[planted % distinctive.length]!)}`;
      planted++;
    } else line = kinds[i % kinds.length]!();
    lines.push(line);
    bytes += line.length + 1;
  }
  const files: string[] = [];
  for (let i = 0; i < lines.length; i += FILE_LINES) files.push(lines.slice(i, i + FILE_LINES).join('\n'));
  return { files, bytes, planted };
}

function medianOf(runs: number, body: () => number): { ms: number; result: number } {
  body(); // warm-up: the first pass compiles
  const times: number[] = [];
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = body();
    times.push(performance.now() - t);
  }
  return { ms: percentile(times, 50), result };
}

export async function benchDetectorNode(): Promise<Section> {
  const detectKeys = await bundledDetector();
  const { files, bytes, planted } = corpus();
  const scan = medianOf(5, () => files.reduce((n, f) => n + detectKeys(f).length, 0));
  const runs = /[A-Za-z0-9_+/=.:-]{20,}/g;
  const bare = medianOf(5, () => files.reduce((n, f) => n + (f.match(runs)?.length ?? 0), 0));
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  return {
    title: `Detector in Node (bundled as the CLI ships it; ${(bytes / 1e6).toFixed(1)} MB mixed corpus, median of 5)`,
    columns: ['what', 'KeyHaven', 'baseline', 'ratio', 'baseline is'],
    rows: [
      ['detector throughput', `${mbps(scan.ms).toFixed(1)} MB/s`, `${mbps(bare.ms).toFixed(1)} MB/s`, ratio(scan.ms, bare.ms), 'one regex for key-like runs over the same text'],
      ['keys found', `${scan.result} of ${planted} planted`, '', '', 'every planted key, nothing else'],
    ],
    data: [{ bytes, scanMs: scan.ms, bareMs: bare.ms, mbps: mbps(scan.ms), bareMbps: mbps(bare.ms), found: scan.result, planted }],
  };
}
