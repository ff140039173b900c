/** A tiny bench harness: median of repeated runs, a printed table, and the same figures as JSON. */
import { writeFileSync } from 'node:fs';

export interface BenchRow {
  name: string;
  /** Operations per run (items, derivations, entries). */
  n: number;
  keyhavenMs: number;
  baselineMs: number;
  baseline: string;
  note?: string;
}

export async function medianMs(runs: number, body: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Runs `task` over `count` indices with at most `width` in flight, as a client opening a vault would. */
export async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => task(start + k)));
  }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const perOp = (ms: number) => (ms >= 1 ? `${fmt(ms)} ms` : `${(ms * 1000).toFixed(1)} µs`);

export function report(rows: BenchRow[], options: { json: boolean; meta: Record<string, unknown> }): void {
  const header = ['benchmark', 'n', 'KeyHaven ms', 'baseline ms', 'ratio', 'per op (KeyHaven)', 'baseline'];
  const lines = rows.map((r) => [
    r.name,
    String(r.n),
    fmt(r.keyhavenMs),
    fmt(r.baselineMs),
    `${(r.keyhavenMs / r.baselineMs).toFixed(2)}×`,
    perOp(r.keyhavenMs / r.n),
    r.baseline,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
  for (const r of rows) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  if (options.json) {
    const results = rows.map((r) => ({ ...r, ratio: r.keyhavenMs / r.baselineMs }));
    writeFileSync('bench-results.json', JSON.stringify({ ...options.meta, results }, null, 2) + '\n');
    console.log('\nwrote bench-results.json');
  }
}
