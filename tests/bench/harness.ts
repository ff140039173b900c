/** A tiny bench harness: medians and percentiles, printed tables, and the same figures as JSON. */
import { writeFileSync } from 'node:fs';

export async function medianMs(runs: number, body: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `task` over `count` indices with at most `width` in flight. */
export async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => task(start + k)));
  }
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export interface Section {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
  /** The same figures, unformatted, for bench-results.json. */
  data: Record<string, unknown>[];
}

export function printSection(section: Section): void {
  const cells = section.rows.map((r) => r.map(String));
  const widths = section.columns.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${section.title}`);
  console.log(line(section.columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
  for (const n of section.notes ?? []) console.log(`  ${n}`);
}

export function writeJson(sections: Section[], meta: Record<string, unknown>): void {
  writeFileSync('bench-results.json', JSON.stringify({ ...meta, sections: sections.map((s) => ({ title: s.title, results: s.data })) }, null, 2) + '\n');
  console.log('\nwrote bench-results.json');
}
