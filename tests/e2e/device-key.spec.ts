/**
 * Rotating this browser's signing key from Devices, in two browsers of one account. Browser A shows its
 * key's fingerprint, rotates it (the button says so while it works), shows a new fingerprint, the date
 * and a notice; browser B lists A's new fingerprint, and its audit log — entries A signed with the old
 * key and with the new one — verifies. Screenshots in the popup and the full-tab page, light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { screenshot, SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';
import { startSynced, syncStatus } from './support/account.js';

const { server, launch } = useServerAndBrowsers();
const PASSWORD = 'a passphrase for two browsers and one rotation';
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
const thisBrowser = (page: Page) => page.getByRole('list', { name: 'Devices' }).getByRole('listitem').filter({ hasText: 'this browser' });
const fingerprintOf = async (page: Page) => (await thisBrowser(page).getByLabel(/key fingerprint/).textContent())!.trim();

async function addKey(page: Page, name: string, value: string): Promise<void> {
  await nav(page, 'Keys');
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Value', { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

async function shots(page: Page, name: string, popup: boolean): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (popup) await screenshot(page, `${name}-${scheme}`);
    else await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a browser rotates its signing key; the other browser sees the new key and verifies the whole log', async () => {
  const email = `device-key-${Date.now()}@example.com`;
  const a = await startSynced(launch, { server: server().url, mode: 'Create an account', email, password: PASSWORD });
  await addKey(a.popup, 'Before rotation', 'sk-before-device-key-rotation-0001');
  const b = await startSynced(launch, { server: server().url, mode: 'Sign in', email, password: PASSWORD });

  await nav(a.popup, 'Devices');
  const before = await fingerprintOf(a.popup);
  expect(before).toMatch(/^key (\d{5} ){5}\d{5}$/);
  await shots(a.popup, 'devices-key-before', true);
  await thisBrowser(a.popup).getByRole('button', { name: "Rotate this browser's signing key" }).click();
  await expect(a.popup.getByText('This browser signs with a new key now.', { exact: false })).toBeVisible();
  const after = await fingerprintOf(a.popup);
  expect(after).not.toBe(before);
  await expect(thisBrowser(a.popup)).toContainText('key rotated');
  await shots(a.popup, 'devices-key-rotated', true);

  const tab = await a.browser.openTab();
  await nav(tab, 'Devices');
  await expect(thisBrowser(tab).getByLabel(/key fingerprint/)).toHaveText(after);
  await thisBrowser(tab).getByRole('button', { name: "Rotate this browser's signing key" }).focus();
  await shots(tab, 'devices-key-tab', false);

  await addKey(a.popup, 'After rotation', 'sk-after-device-key-rotation-00002');
  await a.popup.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncStatus(a.popup)).toHaveText('Synced');

  await b.popup.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncStatus(b.popup)).toHaveText('Synced');
  await nav(b.popup, 'Devices');
  const other = b.popup.getByRole('list', { name: 'Devices' }).getByRole('listitem').filter({ hasNotText: 'this browser' });
  await expect(other.getByLabel(/key fingerprint/)).toHaveText(after);
  await expect(other).toContainText('key rotated');
  await nav(b.popup, 'Audit');
  await expect(b.popup.getByRole('status').filter({ hasText: 'Verified' })).toBeVisible();
  await nav(b.popup, 'Keys');
  await expect(b.popup.getByRole('button', { name: /After rotation/ })).toBeVisible();
});
