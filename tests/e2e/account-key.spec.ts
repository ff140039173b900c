/**
 * Rotating the account key from Settings, in two browsers of one account. Browser A sees the version,
 * a wrong password said beside the field (which points to it and gets the focus back), the busy button
 * while the server is slow, then version 2 and a notice; its key still opens, and the same password
 * still unlocks it. Browser B is signed out by the rotation, signs in again from the banner with the
 * same password, reads A's key under the new account key and shows version 2. Screenshots of the panel
 * in the popup and the full-tab page, light and dark: at rest, refused, busy, rotated.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { screenshot, SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';
import { startSynced, syncStatus } from './support/account.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'the only passphrase of this account';
const WRONG = 'a passphrase this account never had';
const KEY = { name: 'Stripe live', value: 'sk-live-kept-through-the-account-key-rotation-0001' };

const status = syncStatus;
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();

const start = (mode: 'Create an account' | 'Sign in', email: string) => startSynced(launch, { server: server().url, mode, email, password: PASSWORD });

async function addKey(popup: Page): Promise<void> {
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Name').fill(KEY.name);
  await popup.getByLabel('Value', { exact: true }).fill(KEY.value);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('button', { name: new RegExp(KEY.name) })).toBeVisible();
}

/** Keys → the key → Reveal: its value reads back whole (it is decrypted through the account key). */
async function reveal(page: Page): Promise<void> {
  await nav(page, 'Keys');
  await page.getByRole('button', { name: new RegExp(KEY.name) }).click();
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByLabel('Key value')).toHaveText(KEY.value);
  await page.keyboard.press('Escape');
}

async function openPanel(page: Page): Promise<Locator> {
  await nav(page, 'Settings');
  const panel = page.getByRole('form', { name: 'Account key' });
  await expect(panel).toBeVisible();
  return panel;
}

/**
 * The page at its own size (the popup's 400 × 560, or the tab's 1200 × 800), light then dark, scrolled
 * to the end as a person would: the panel is the last on the page, above the notice bar.
 */
async function shots(page: Page, panel: Locator, name: string, popup: boolean): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    if (popup) await screenshot(page, `${name}-${scheme}`);
    else await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Holds the server's writes to accounts (the embedded database has one connection, so everything
 * waits) until the returned function is called: a slow server, for as long as the test needs it.
 */
async function holdAccounts(sql: Sql): Promise<() => Promise<void>> {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const holding = new Promise<void>((resolve) => (locked = resolve));
  const done = sql.begin(async (tx) => {
    await tx`lock table accounts in exclusive mode`;
    locked();
    await gate;
  });
  await Promise.race([holding, done]);
  return async () => {
    release();
    await done;
  };
}

test('rotating the account key: refused on a wrong password, version 2 with the right one, keys still open, the other browser signs in again', async () => {
  const email = `account-key-${Date.now()}@example.com`;
  const { browser: first, popup: a } = await start('Create an account', email);
  await addKey(a);
  const { popup: b } = await start('Sign in', email);
  await expect(b.getByRole('button', { name: new RegExp(KEY.name) })).toBeVisible({ timeout: 10_000 });

  // A: the panel at rest, in the popup and the full tab.
  const panel = await openPanel(a);
  await expect(panel).toContainText('Version 1');
  const field = panel.getByLabel('Current password');
  const button = panel.getByRole('button', { name: 'Rotate account key' });
  await shots(a, panel, '17-account-key-popup', true);
  const tab = await first.openTab();
  const tabPanel = await openPanel(tab);
  await expect(tabPanel).toContainText('Version 1');
  await shots(tab, tabPanel, '17-account-key-tab', false);

  // A wrong password: refused beside the field, which points to the words and has the focus again.
  await field.fill(WRONG);
  await button.click();
  const error = panel.getByRole('alert');
  await expect(error).toHaveText('Wrong password.', { timeout: 15_000 });
  await expect(field).toHaveAccessibleDescription('Wrong password.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  await expect(panel).toContainText('Version 1');
  await shots(a, panel, '17-account-key-wrong-password-popup', true);
  const tabField = tabPanel.getByLabel('Current password');
  await tabField.fill(WRONG);
  await tabField.press('Enter');
  await expect(tabPanel.getByRole('alert')).toHaveText('Wrong password.', { timeout: 15_000 });
  await shots(tab, tabPanel, '17-account-key-wrong-password-tab', false);
  await tab.close();

  // The right password, by keyboard, while the server is slow: the button says what is going on.
  const release = await holdAccounts(server().sql);
  try {
    await field.fill(PASSWORD);
    await field.press('Enter');
    await expect(panel.getByRole('button', { name: 'Rotating…' })).toBeDisabled();
    await expect(error).toHaveCount(0);
    await shots(a, panel, '17-account-key-busy-popup', true);
  } finally {
    await release();
  }
  await expect(a.getByRole('status').filter({ hasText: 'Account key rotated to version 2.' })).toBeVisible({ timeout: 15_000 });
  await expect(panel).toContainText('Version 2');
  await expect(field).toHaveValue('');
  await expect(button).toBeEnabled();
  await shots(a, panel, '17-account-key-rotated-popup', true);

  // A's key still opens, and the same password unlocks A.
  await reveal(a);
  await a.getByRole('button', { name: 'Lock' }).click();
  const unlock = a.getByLabel('Password', { exact: true });
  await unlock.fill(PASSWORD);
  await unlock.press('Enter');
  await expect(status(a)).toHaveText('Synced', { timeout: 15_000 });
  await expect(a.getByRole('button', { name: new RegExp(KEY.name) })).toBeVisible();

  // B: the rotation ended its session; the same password signs it in again, under version 2.
  await b.getByRole('button', { name: 'Sync now' }).click();
  const banner = b.getByRole('region', { name: 'Signed out of sync' });
  await expect(banner).toBeVisible({ timeout: 10_000 });
  // Enter submits only once the button is enabled again (the page is busy while "Sync now" reloads the list).
  await expect(banner.getByRole('button', { name: 'Sign in again' })).toBeEnabled();
  const again = banner.getByLabel('Current password');
  await again.fill(PASSWORD);
  await again.press('Enter');
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(status(b)).toHaveText('Synced', { timeout: 15_000 });
  await reveal(b);
  await expect(await openPanel(b)).toContainText('Version 2');
});
