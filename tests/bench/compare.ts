/**
 * `npm run bench -- --compare=FILE`: this run's figures against a bench-results.json saved from an
 * earlier run (`--json`). Rows are matched by section title and row name, and every number both runs
 * have is shown with its change; a change over a tenth is marked, since that is beyond this machine's
 * run-to-run noise for most rows (the ratios are steadier than raw times: compare those first).
 */
import { readFileSync } from 'node:fs';
import type { Section } from './harness.js';

export interface SavedRun {
  when?: string;
  sections: { title: string; results: Record<string, unknown>[] }[];
}

const rowName = (row: Record<string, unknown>, index: number) => (typeof row.name === 'string' ? row.name : `row ${index + 1}`);

export function readSaved(path: string): SavedRun {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--compare: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (!saved || typeof saved !== 'object' || !Array.isArray((saved as SavedRun).sections)) throw new Error(`--compare: ${path} is not a bench-results.json (no "sections")`);
  return saved as SavedRun;
}

export function printComparison(path: string, saved: SavedRun, sections: Section[]): void {
  console.log(`\nChange against ${path}${saved.when ? ` (${saved.when})` : ''}; ! marks a change over 10 %`);
  let matched = 0;
  for (const section of sections) {
    const before = saved.sections.find((s) => s.title === section.title);
    if (!before) continue;
    section.data.forEach((row, i) => {
      const name = rowName(row, i);
      const old = before.results.find((r, j) => rowName(r, j) === name);
      if (!old) return;
      const changes = Object.entries(row).flatMap(([field, value]) => {
        const was = old[field];
        if (typeof value !== 'number' || typeof was !== 'number' || was === 0) return [];
        const change = (value - was) / Math.abs(was);
        return [`${field} ${+was.toPrecision(4)} → ${+value.toPrecision(4)} (${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} %${Math.abs(change) > 0.1 ? ' !' : ''})`];
      });
      if (changes.length === 0) return;
      matched++;
      console.log(`  ${section.title} / ${name}: ${changes.join(', ')}`);
    });
  }
  if (matched === 0) console.log('  no row of this run is in the saved one (different --only?)');
}
