/**
 * Content-script rows of `npm run bench`, in Chromium: the real PageScanner (bundled with the detector
 * into a plain page) scanning a 1 MB dashboard-like page, then 1 000 small inserted nodes. Baselines in
 * the same page: one TreeWalker pass reading the same text with a single regular expression for
 * key-like runs, the least any scanner must do. Detector throughput is the scan's MB/s.
 */
import { buildSync } from 'esbuild';
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { fmtMs, ratio, type Section } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');

/** The scanner and detector as one script for a plain page. */
function bundle(): string {
  const out = buildSync({
    stdin: { contents: `export { PageScanner } from './extension/content/scanner.ts';`, resolveDir: ROOT, loader: 'ts' },
    bundle: true, format: 'iife', globalName: 'KeyHavenBench', write: false, platform: 'browser',
  });
  return out.outputFiles[0]!.text;
}

interface PageFigures { pageMs: number; pageBaselineMs: number; mutationsMs: number; mutationsBaselineMs: number; bytes: number; found: number }

export async function benchDetect(): Promise<Section[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle() });
    // tsx compiles this file keeping function names through a `__name` helper the page does not have.
    await page.addScriptTag({ content: 'globalThis.__name = (f) => f;' });
    const f = await page.evaluate(async (): Promise<PageFigures> => {
      const { PageScanner } = (globalThis as unknown as { KeyHavenBench: { PageScanner: new (host: string, onFound: (f: unknown[]) => void, isOwn: (n: Node) => boolean) => { mark(n: Node): void; flush(): number } } }).KeyHavenBench;
      const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 16).toString(16)).join('');
      const b62 = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
      // A dashboard-like page: table rows of names, ids, hashes, dates and prose, with a few real-looking keys.
      const rows: string[] = [];
      let bytes = 0;
      for (let i = 0; bytes < 1_000_000; i++) {
        const cell = i % 500 === 0 ? `sk_live_${b62(40)}` : `req_${hex(24)}`;
        const row = `<tr><td>Deployment ${i}</td><td>${hex(40)}</td><td>${cell}</td><td>2026-11-${(i % 28) + 1} — build finished, no errors, 42 files changed</td></tr>`;
        rows.push(row);
        bytes += row.length;
      }
      document.body.innerHTML = `<table>${rows.join('')}</table>`;
      const textBytes = document.body.innerText.length;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const time = (fn: () => void) => { const t = performance.now(); fn(); return performance.now() - t; };
      let found = 0;
      const scanAll = () => {
        const scanner = new PageScanner('dashboard.example', (f) => void (found += f.length), () => false);
        scanner.mark(document.body);
        while (scanner.flush() > 0);
      };
      const bare = (root: Node) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let n = 0;
        for (let t = walker.nextNode(); t; t = walker.nextNode()) n += ((t as Text).data.match(/[A-Za-z0-9_+/=.:-]{20,}/g) ?? []).length;
        return n;
      };
      const pageMs = median([0, 1, 2, 3, 4].map(() => time(scanAll)));
      const pageBaselineMs = median([0, 1, 2, 3, 4].map(() => time(() => bare(document.body))));
      // 1 000 small mutations, as a live dashboard produces them: one batch, the scanner's per-frame flush.
      const fresh = () => Array.from({ length: 1_000 }, (_, i) => { const d = document.createElement('div'); d.textContent = `Event ${i}: request req_${hex(24)} took ${i % 300} ms`; return d; });
      const mutationRuns: number[] = [];
      const mutationBaseline: number[] = [];
      for (let r = 0; r < 5; r++) {
        const scanner = new PageScanner('dashboard.example', () => undefined, () => false);
        const nodes = fresh();
        document.body.append(...nodes);
        mutationRuns.push(time(() => { for (const n of nodes) scanner.mark(n); while (scanner.flush() > 0); }));
        mutationBaseline.push(time(() => { for (const n of nodes) bare(n); }));
        for (const n of nodes) n.remove();
      }
      return { pageMs, pageBaselineMs, mutationsMs: median(mutationRuns), mutationsBaselineMs: median(mutationBaseline), bytes: textBytes, found: found / 5 };
    });
    const mbps = (f.bytes / 1e6) / (f.pageMs / 1000);
    return [{
      title: `Content script (Chromium, real PageScanner; ${(f.bytes / 1e6).toFixed(2)} MB of page text, median of 5)`,
      columns: ['what', 'KeyHaven', 'baseline', 'ratio', 'baseline is'],
      rows: [
        ['scan a 1 MB dashboard page', `${fmtMs(f.pageMs)} ms`, `${fmtMs(f.pageBaselineMs)} ms`, ratio(f.pageMs, f.pageBaselineMs), 'one TreeWalker pass + one regex for key-like runs'],
        ['scan 1 000 inserted nodes', `${fmtMs(f.mutationsMs)} ms`, `${fmtMs(f.mutationsBaselineMs)} ms`, ratio(f.mutationsMs, f.mutationsBaselineMs), 'the same bare pass over each node'],
        ['detector throughput', `${mbps.toFixed(1)} MB/s`, '', '', `${f.found} planted keys found per scan`],
      ],
      data: [{ ...f, mbps }],
    }];
  } finally {
    await browser.close();
  }
}
