/** What the extension rows of the bench share: asking the worker from an extension page, timing, the median. */
import type { Page } from '@playwright/test';

export const RUNS = 5;
export const PASSWORD = 'bench password, not a secret';

/** The one extension API the bench page calls (the page is the extension's own popup). */
interface ExtensionGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function ask(page: Page, message: Record<string, unknown>): Promise<unknown> {
  const answer = (await page.evaluate((m) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(m), message)) as { ok: boolean; error?: { message: string }; data?: unknown };
  if (!answer.ok) throw new Error(`bench: ${String(message.type)} refused: ${answer.error?.message}`);
  return answer.data;
}

export async function timed(body: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

/** What each extension row reports. */
export type ExtensionRow = {
  name: string;
  keys: number;
  keyhavenMs: number;
  baselineMs: number;
  baseline: string;
};
