/**
 * A vault of 1 500 keys: the popup renders only the rows near the viewport (the worker sends a page at
 * a time from its summary index), search and filters run in the worker over every key, names sort as a
 * person expects, scrolling to the end brings the last key, and the overview counts them all.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const KEYS = 1_500;

/** The protocol every extension page speaks (setup only: typing 1 500 keys into forms would test nothing more). */
async function ask(page: Page, message: Record<string, unknown>): Promise<void> {
  const answer = (await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message)) as { ok: boolean; error?: { message: string } };
  if (!answer.ok) throw new Error(`${String(message.type)} refused: ${answer.error?.message}`);
}

test('1 500 keys: a virtualised list, search and filters over every key, natural order, the last key reachable', async () => {
  const popup = await browser.openPopup();
  await ask(popup, { type: 'create-local', password: 'a large vault password' });
  const env = Array.from({ length: KEYS }, (_, i) => `KEY_${i}=value-${i}-0123456789abcdef`).join('\n');
  await ask(popup, { type: 'import', format: 'env', text: env, environment: 'production' });
  await ask(popup, { type: 'import', format: 'env', text: 'ZZ_NEEDLE=needle-value-0123456789abcdef', environment: 'staging' });
  await popup.reload();

  const list = popup.getByRole('list', { name: 'Keys' });
  const rows = list.getByRole('listitem');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(KEYS + 1));
  // Only the rows near the viewport are on the page.
  expect(await rows.count()).toBeLessThan(60);
  // KEY_2 before KEY_10, as a person sorts.
  const firstNames = await list.locator('.name').evaluateAll((els) => els.slice(0, 12).map((e) => e.textContent));
  expect(firstNames).toEqual(['KEY_0', 'KEY_1', 'KEY_2', 'KEY_3', 'KEY_4', 'KEY_5', 'KEY_6', 'KEY_7', 'KEY_8', 'KEY_9', 'KEY_10', 'KEY_11']);
  // No row is wider than the list.
  const overflowing = await list.evaluate((ul) => [...ul.querySelectorAll('li')].filter((li) => li.scrollWidth > ul.clientWidth + 1).length);
  expect(overflowing).toBe(0);
  await screenshot(popup, '40-large-vault');

  await popup.getByRole('searchbox', { name: 'Search keys' }).fill('needle');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('ZZ_NEEDLE');
  await expect(popup.getByText(`1 of ${KEYS + 1} keys`)).toBeVisible();
  await popup.getByRole('searchbox', { name: 'Search keys' }).fill('KEY_149');
  await expect(popup.getByText(`11 of ${KEYS + 1} keys`)).toBeVisible();
  await popup.getByRole('searchbox', { name: 'Search keys' }).fill('');

  await popup.getByRole('combobox', { name: 'Environment' }).selectOption('staging');
  await expect(rows).toHaveCount(1);
  await popup.getByRole('combobox', { name: 'Environment' }).selectOption('');
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(KEYS + 1));

  // Scrolling to the end asks the worker for the rest, page by page, until the last key is there.
  await expect(async () => {
    await popup.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(list.getByRole('button', { name: /ZZ_NEEDLE/ })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await list.getByRole('button', { name: /ZZ_NEEDLE/ }).click();
  await expect(popup.getByRole('heading', { name: 'ZZ_NEEDLE' })).toBeVisible();
  // Back from the key, the list is where it was: the last key still in view.
  await popup.keyboard.press('Escape');
  await expect(list.getByRole('button', { name: /ZZ_NEEDLE/ })).toBeInViewport();

  const tab = await browser.openTab();
  await tab.getByRole('button', { name: 'Overview' }).click();
  await expect(tab.getByText(`${KEYS + 1} keys`, { exact: false })).toBeVisible();
});
