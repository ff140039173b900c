/** The protocol every extension page speaks, for setting a test up quickly (what a person does is clicked). */
import type { Page } from '@playwright/test';

export async function ask<T>(page: Page, message: Record<string, unknown>): Promise<T> {
  const answer = (await page.evaluate(
    (m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m),
    message,
  )) as { ok: boolean; data: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${String(message.type)} refused: ${answer.error?.message}`);
  return answer.data;
}
