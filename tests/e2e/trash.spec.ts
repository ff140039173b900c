/**
 * The Trash in the built extension (issue #17): deleting a key moves it to the Trash with "Undo" on the
 * notice; the Trash lists it with the days left, restores the same key (its history with it), deletes
 * one for good after a confirmation, empties itself after another, and says when it is empty. Used from
 * the keyboard; screenshots in the popup and the tab, light and dark, each checked by axe.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.js';
import { createLocalVault } from './support/dashboard-browser.js';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/extension.js';

const PASSWORD = 'a long passphrase for the trash';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

async function addKey(page: Page, name: string, value: string, provider = ''): Promise<void> {
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Value', { exact: true }).fill(value);
  await page.getByLabel('Name').fill(name);
  if (provider) await page.getByLabel('Provider').fill(provider);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

async function deleteKey(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog', { name: 'Delete this key?' }).getByRole('button', { name: 'Move to Trash' }).click();
}

async function shots(page: Page, name: string, size: 'popup' | 'tab'): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await screenshot(page, `${name}-${size}-${scheme}`, { size, scheme });
    expect(await seriousViolations(page)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a deleted key waits in the Trash with its days left, comes back with its history, and is deleted for good only when confirmed', async () => {
  // Eight screenshots, each checked by axe: on a loaded machine this passes a minute (13 s when idle).
  test.setTimeout(90_000);
  const popup = await createLocalVault(browser, PASSWORD);
  await addKey(popup, 'OpenAI prod', 'sk-proj-trashfirst0123456789abcd', 'openai');
  await addKey(popup, 'Stripe test', 'sk_test_trashsecond0123456789ab', 'stripe');
  await popup.getByRole('button', { name: /OpenAI prod/ }).click();
  await popup.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Rotate' }).click();
  await popup.getByLabel('New value', { exact: true }).fill('sk-proj-trashrotated0123456789ef');
  await popup.getByLabel('Reason').fill('quarterly');
  await popup.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(popup.getByText(/the old value is in its history/)).toBeVisible();
  await popup.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();

  // Delete: the notice says where the key went, and Undo brings it straight back.
  await deleteKey(popup, 'OpenAI prod');
  const notice = popup.getByRole('status').filter({ hasText: 'Moved OpenAI prod to Trash' });
  await expect(notice).toBeVisible();
  await expect(popup.getByRole('button', { name: /OpenAI prod/ })).toHaveCount(0);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(popup.getByText('Restored “OpenAI prod” from the Trash.')).toBeVisible();
  await expect(popup.getByRole('button', { name: /OpenAI prod/ })).toBeVisible();

  // Deleted again, it is in the Trash (from the list's link), with when and how long it stays.
  await deleteKey(popup, 'OpenAI prod');
  await expect(popup.getByRole('button', { name: /OpenAI prod/ })).toHaveCount(0);
  await popup.getByRole('button', { name: 'Deleted keys (Trash)' }).click();
  const rows = popup.getByRole('list', { name: 'Keys in the Trash' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('OpenAI prod');
  await expect(rows.first()).toContainText('openai');
  await expect(rows.first()).toContainText(/Deleted just now · deleted for good in 30 days/);
  expect(await popup.content()).not.toContain('sk-proj-trash');
  await shots(popup, 'trash', 'popup');

  // Restore from the keyboard: the same key, its earlier value still in its history.
  await popup.getByRole('heading', { name: 'Trash' }).focus();
  const restore = popup.getByRole('button', { name: 'Restore OpenAI prod' });
  for (let i = 0; i < 20 && !(await restore.evaluate((el) => el === document.activeElement)); i++) await popup.keyboard.press('Tab');
  await expect(restore).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByText('The Trash is empty.')).toBeVisible();
  await popup.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
  await popup.getByRole('button', { name: /OpenAI prod/ }).click();
  await expect(popup.getByRole('region', { name: 'Value history' }).getByRole('listitem')).toContainText('quarterly');
  await popup.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();

  // Delete forever asks first; Escape (or Cancel) keeps the key.
  await deleteKey(popup, 'Stripe test');
  await popup.getByRole('button', { name: 'Deleted keys (Trash)' }).click();
  await popup.getByRole('button', { name: 'Delete Stripe test forever' }).click();
  const confirm = popup.getByRole('alertdialog', { name: 'Delete Stripe test forever?' });
  await expect(confirm.getByRole('button', { name: 'Delete forever' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  await popup.getByRole('button', { name: 'Delete Stripe test forever' }).click();
  await confirm.getByRole('button', { name: 'Delete forever' }).click();
  await expect(popup.getByText('Deleted “Stripe test” for good.')).toBeVisible();
  await expect(popup.getByText('The Trash is empty.')).toBeVisible();
  await shots(popup, 'trash-empty', 'popup');

  // The tab: Trash from Settings; "Empty Trash" asks, then deletes every key in it.
  const tab = await browser.openTab();
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys', exact: true }).click();
  await deleteKey(tab, 'OpenAI prod');
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await tab.getByRole('button', { name: 'Open the Trash' }).click();
  await expect(tab.getByRole('list', { name: 'Keys in the Trash' }).getByRole('listitem')).toHaveCount(1);
  await shots(tab, 'trash', 'tab');
  await tab.getByRole('button', { name: 'Empty Trash' }).click();
  await tab.getByRole('alertdialog', { name: 'Empty the Trash?' }).getByRole('button', { name: 'Delete it for good' }).click();
  await expect(tab.getByText('Deleted 1 key for good.')).toBeVisible();
  await expect(tab.getByText('The Trash is empty.')).toBeVisible();
  await shots(tab, 'trash-empty', 'tab');
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys', exact: true }).click();
  await expect(tab.getByText('No keys yet.')).toBeVisible();
});
