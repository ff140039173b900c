/**
 * The key list from the keyboard and its row actions, as a person notices them: `/` goes to the search
 * box, arrows and Enter open the right key and Escape comes back to its row, Ctrl+C copies the focused
 * row's value, Reveal shows it in the row and Hide hides it, a revoked key asks before it is copied (in the
 * row and on its page), the order can be by provider (and is remembered), and in a vault of 1 200 keys
 * the focused row stays in view as the arrows go past what was on screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { launchWithExtension, SCREENSHOTS, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

/** The protocol every extension page speaks (setup only, as in large-vault.spec.ts). */
async function ask<T>(page: Page, message: Record<string, unknown>): Promise<T> {
  const answer = (await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message)) as { ok: boolean; data: T; error?: { message: string } };
  if (!answer.ok) throw new Error(`${String(message.type)} refused: ${answer.error?.message}`);
  return answer.data;
}

const SIZES = { popup: { width: 380, height: 600 }, tab: { width: 1200, height: 800 } };

/** A picture at the popup's or the tab's size, light or dark, beside the other specs' (test-results/screens). */
async function shot(page: Page, name: string, size: keyof typeof SIZES, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ colorScheme });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

const KEYS = [
  { name: 'Alpha payments', provider: 'stripe', environment: 'production', value: 'sk_live_alpha0123456789abcdefghijkl' },
  { name: 'Beta cloud', provider: '', environment: 'staging', value: 'beta-cloud-9876543210zyxwvutsrq' },
  { name: 'Middle AI', provider: 'openai', environment: 'production', value: 'sk-proj-middle0123456789abcdefghij' },
  { name: 'Old leak', provider: 'github', environment: 'ci', value: 'ghp_oldleak0123456789abcdefghijklmnop' },
  { name: 'Zeta mail', provider: 'resend', environment: 'production', value: 're_zeta0123456789abcdefghijklmnop' },
];

test('the key list by keyboard: search, arrows, Enter, Escape back to the row, Ctrl+C, Reveal, a revoked key, sort by provider', async () => {
  test.setTimeout(90_000);
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await ask(popup, { type: 'create-local', password: 'a list by keyboard password' });
  const ids = new Map<string, string>();
  for (const k of KEYS) ids.set(k.name, (await ask<{ id: string }>(popup, { type: 'add', fields: { name: k.name, provider: k.provider, environment: k.environment }, value: k.value })).id);
  await ask(popup, { type: 'revoke', itemId: ids.get('Old leak'), reason: 'pasted in a public gist' });
  await popup.reload();

  const list = popup.getByRole('list', { name: 'Keys' });
  const search = popup.getByRole('searchbox', { name: 'Search keys' });
  const row = (name: string) => list.getByRole('listitem').filter({ has: popup.locator('.name', { hasText: name }) });
  const opener = (name: string) => list.getByRole('button', { name: new RegExp(`^${name}`) });
  await expect(list.getByRole('listitem')).toHaveCount(KEYS.length);

  // `/` goes to the search box from anywhere but a text field, and is not typed into it.
  await popup.locator('h1').click();
  await expect(search).not.toBeFocused();
  await popup.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');

  // ArrowDown to the first row, down twice more, Enter: that key opens, its name focused.
  await popup.keyboard.press('ArrowDown');
  await expect(opener('Alpha payments')).toBeFocused();
  await popup.keyboard.press('ArrowDown');
  await popup.keyboard.press('ArrowDown');
  await expect(opener('Middle AI')).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: 'Middle AI' })).toBeFocused();
  // Escape: back to the list, on the row it came from.
  await popup.keyboard.press('Escape');
  await expect(opener('Middle AI')).toBeFocused();
  await popup.keyboard.press('End');
  await expect(opener('Zeta mail')).toBeFocused();
  await popup.keyboard.press('Home');
  await expect(opener('Alpha payments')).toBeFocused();
  // One row at a time in the Tab order: its own buttons (Reveal, Copy, the star), then out of the list (not through every row).
  await popup.keyboard.press('Tab');
  await expect(row('Alpha payments').getByRole('button', { name: 'Reveal' })).toBeFocused();
  await popup.keyboard.press('Tab');
  await popup.keyboard.press('Tab');
  await expect(row('Alpha payments').getByRole('button', { name: 'Favourite', exact: true })).toBeFocused();
  await popup.keyboard.press('Tab');
  expect(await popup.evaluate(() => Boolean(document.activeElement?.closest('ul[aria-label="Keys"]')))).toBe(false);
  for (let i = 0; i < 4; i++) await popup.keyboard.press('Shift+Tab');
  await expect(opener('Alpha payments')).toBeFocused();
  // ArrowUp from the first row goes back to the search box; Enter there opens the first match.
  await popup.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await search.fill('zeta');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: 'Zeta mail' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await search.fill('');
  await expect(list.getByRole('listitem')).toHaveCount(KEYS.length);

  // Ctrl+C on a focused row copies its value (through the background: audited, cleared later) and says so.
  await popup.keyboard.press('ArrowDown');
  await popup.keyboard.press('ArrowDown');
  await expect(opener('Beta cloud')).toBeFocused();
  await popup.keyboard.press('ControlOrMeta+c');
  await expect(row('Beta cloud').getByRole('status')).toHaveText('Copied');
  await expect.poll(() => browser.clipboard()).toBe(KEYS[1]!.value);
  await popup.bringToFront();
  // With text selected, Ctrl+C copies the selection, as anywhere else.
  await popup.evaluate(() => getSelection()?.selectAllChildren(document.querySelector('h1')!));
  await opener('Beta cloud').focus();
  await popup.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => browser.clipboard()).toBe('KeyHaven');
  await popup.bringToFront();
  await popup.evaluate(() => getSelection()?.removeAllRanges());

  // Reveal shows the value in the row; Hide hides it again.
  await row('Middle AI').getByRole('button', { name: 'Reveal' }).click();
  await expect(row('Middle AI').getByLabel('Key value')).toHaveText(KEYS[2]!.value);
  await row('Alpha payments').getByRole('button', { name: 'Copy' }).click();
  await expect(row('Alpha payments').getByRole('status')).toHaveText('Copied');
  await shot(popup, '50-list-row-actions', 'popup');
  await shot(popup, '51-list-row-actions-dark', 'popup', 'dark');
  await row('Middle AI').getByRole('button', { name: 'Hide' }).click();
  await expect(row('Middle AI').getByLabel('Key value')).toHaveCount(0);
  await expect(popup.locator('body')).not.toContainText(KEYS[2]!.value);

  // A revoked key asks first, in its row: Cancel copies nothing; Copy anyway copies.
  await browser.setClipboard('before');
  await popup.bringToFront();
  await row('Old leak').getByRole('button', { name: 'Copy' }).click();
  const warning = row('Old leak').getByRole('alertdialog', { name: 'Copy a revoked key?' });
  await expect(warning).toContainText('This key was revoked — copy anyway?');
  await shot(popup, '52-list-revoked-copy', 'popup');
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning).toHaveCount(0);
  await expect(opener('Old leak')).toBeFocused();
  expect(await browser.clipboard()).toBe('before');
  await popup.bringToFront();
  await popup.keyboard.press('ControlOrMeta+c'); // the keyboard asks too
  await expect(warning).toBeVisible();
  await warning.getByRole('button', { name: 'Copy anyway' }).click();
  await expect(row('Old leak').getByRole('status')).toHaveText('Copied');
  await expect.poll(() => browser.clipboard()).toBe(KEYS[3]!.value);
  await popup.bringToFront();

  // On the revoked key's page Copy is not the main action, and asks the same.
  await opener('Old leak').click();
  const copy = popup.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Copy' });
  await expect(copy).toHaveClass(/ghost/);
  await expect(popup.getByRole('button', { name: 'Reactivate' })).not.toHaveClass(/ghost/);
  await copy.click();
  await expect(popup.getByRole('alertdialog', { name: 'Copy a revoked key?' })).toContainText('This key was revoked — copy anyway?');
  await shot(popup, '53-item-revoked-copy', 'popup');
  await popup.keyboard.press('Escape'); // closes the question, not the key
  await expect(popup.getByRole('alertdialog')).toHaveCount(0);
  await expect(popup.getByRole('heading', { name: 'Old leak' })).toBeVisible();
  await popup.keyboard.press('Escape');

  // Sort: by provider (keys without one last), remembered when the popup opens again; and back to names.
  const names = () => list.locator('.name').allTextContents();
  expect(await names()).toEqual(['Alpha payments', 'Beta cloud', 'Middle AI', 'Old leak', 'Zeta mail']);
  await popup.getByRole('combobox', { name: 'Sort' }).selectOption('provider');
  await expect.poll(names).toEqual(['Old leak', 'Middle AI', 'Zeta mail', 'Alpha payments', 'Beta cloud']);
  await popup.reload();
  await expect(popup.getByRole('combobox', { name: 'Sort' })).toHaveValue('provider');
  await expect.poll(names).toEqual(['Old leak', 'Middle AI', 'Zeta mail', 'Alpha payments', 'Beta cloud']);
  await popup.getByRole('combobox', { name: 'Sort' }).selectOption('changed');
  await expect.poll(async () => (await names())[0]).toBe('Old leak'); // revoked last, so changed last
  await popup.getByRole('combobox', { name: 'Sort' }).selectOption('name');
  await expect.poll(names).toEqual(['Alpha payments', 'Beta cloud', 'Middle AI', 'Old leak', 'Zeta mail']);

  // The full-tab page: the same rows with room to spare.
  const tab = await browser.openTab();
  await tab.getByRole('button', { name: 'Keys' }).click();
  const tabRow = tab.getByRole('list', { name: 'Keys' }).getByRole('listitem').filter({ has: tab.locator('.name', { hasText: 'Middle AI' }) });
  await tabRow.getByRole('button', { name: 'Reveal' }).click();
  await expect(tabRow.getByLabel('Key value')).toHaveText(KEYS[2]!.value);
  await shot(tab, '54-list-row-actions-tab', 'tab');
  await shot(tab, '55-list-row-actions-tab-dark', 'tab', 'dark');
});

test('1 200 keys: the arrows go past the rows on screen and the focused row stays in view; End reaches the last key', async () => {
  test.setTimeout(90_000);
  const keys = 1_200;
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await ask(popup, { type: 'create-local', password: 'a large list by keyboard' });
  const env = Array.from({ length: keys }, (_, i) => `KEY_${i}=value-${i}-0123456789abcdef`).join('\n');
  await ask(popup, { type: 'import', format: 'env', text: env, environment: 'production' });
  await popup.reload();

  const list = popup.getByRole('list', { name: 'Keys' });
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(keys));
  const focused = popup.locator('.key-row .item:focus');
  await popup.getByRole('searchbox', { name: 'Search keys' }).press('ArrowDown');
  await expect(focused.locator('.name')).toHaveText('KEY_0');
  for (let i = 1; i <= 30; i++) await popup.keyboard.press('ArrowDown');
  await expect(focused.locator('.name')).toHaveText('KEY_30');
  await expect(focused).toBeInViewport({ ratio: 1 });
  expect(await popup.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  // The row's position in the whole list, for screen readers.
  await expect(list.locator('li', { has: focused })).toHaveAttribute('aria-posinset', '31');
  await popup.keyboard.press('End');
  await expect(focused.locator('.name')).toHaveText(`KEY_${keys - 1}`, { timeout: 20_000 });
  await expect(focused).toBeInViewport({ ratio: 1 });
  await popup.keyboard.press('ArrowUp');
  await expect(focused.locator('.name')).toHaveText(`KEY_${keys - 2}`);
  await expect(focused).toBeInViewport({ ratio: 1 });
  await popup.keyboard.press('Home');
  await expect(focused.locator('.name')).toHaveText('KEY_0');
  await expect(focused).toBeInViewport({ ratio: 1 });
  // Enter opens the focused key; Escape comes back to it, in view.
  for (let i = 1; i <= 12; i++) await popup.keyboard.press('ArrowDown');
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: 'KEY_12' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(focused.locator('.name')).toHaveText('KEY_12');
  await expect(focused).toBeInViewport();
  await shot(popup, '56-large-list-keyboard', 'popup');
});
