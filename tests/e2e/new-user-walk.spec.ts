/**
 * What a new user met walking through the extension (issue #17): an import report that fits the popup
 * and says where each skipped entry was, a key just added that the list hides, errors beside their cause
 * and said as sentences, an empty server address, key names that wrap at their separators. Pictures in
 * test-results/screens/85-*.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchWithExtension, SIZES, type ExtensionBrowser } from './support/extension.js';
import { lightAndDark, popupVaultWith } from './support/popup-vault.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const PASSWORD = 'a new user walks in';
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
/** How far the page reaches sideways: wider than the window means a sideways scroll in the popup. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

const localVault = (names: string[] = []) => popupVaultWith(browser, PASSWORD, names);
const shots = lightAndDark;

test('a .env imported twice: the report names each line, folds after ten, and stays inside the popup', async () => {
  const popup = await localVault();
  await nav(popup, 'Import/Export');
  const names = Array.from({ length: 14 }, (_, i) => `NEXT_PUBLIC_SUPABASE_ANON_KEY_FOR_THE_STAGING_PROJECT_${i}`);
  const env = { name: 'app.env', mimeType: 'text/plain', buffer: Buffer.from(['# app', ...names.map((n, i) => `${n}=value-${i}-0123456789abcdef`)].join('\n')) };
  const importer = popup.getByRole('form', { name: 'Import' });
  await importer.getByLabel('File').setInputFiles(env);
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importer.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported 14 keys.');

  await importer.getByLabel('File').setInputFiles(env);
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  const report = importer.getByRole('status').filter({ hasText: 'Imported' });
  await expect(report.getByText('Imported 0 keys; skipped 14:')).toBeVisible();
  await expect(report.getByRole('listitem').first()).toHaveText(`line 2 (${names[0]}): already in this vault with the same value`);
  await expect(report.getByRole('listitem').filter({ visible: true })).toHaveCount(10);
  expect(await pageWidth(popup)).toBeLessThanOrEqual(SIZES.popup.width);
  await report.getByRole('listitem').first().scrollIntoViewIfNeeded();
  await shots(popup, '85-import-twice');
  await report.getByText('and 4 more').click();
  await expect(report.getByRole('listitem').filter({ visible: true })).toHaveCount(14);
  await expect(report.getByRole('listitem').last()).toHaveText(`line 15 (${names[13]}): already in this vault with the same value`);
  expect(await pageWidth(popup)).toBeLessThanOrEqual(SIZES.popup.width);
});

test('a key added while a search and a filter hide it: the notice says so, and "Show it" clears them', async () => {
  const popup = await localVault(['Stripe live', 'Stripe test']);
  await popup.getByRole('searchbox', { name: 'Search keys' }).fill('stripe');
  await popup.getByLabel('Environment', { exact: true }).selectOption('production');
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill('brand-new-value-0123456789abcdef');
  await popup.getByLabel('Name').fill('Brand new key');
  await popup.getByRole('button', { name: 'Save', exact: true }).click();
  const notice = popup.getByRole('status').filter({ hasText: 'Added' });
  await expect(notice).toContainText('Added “Brand new key”. It is hidden by your search and the filters.');
  await expect(popup.getByRole('button', { name: /^Brand new key/ })).toHaveCount(0);
  await shots(popup, '85-added-but-hidden');
  await notice.getByRole('button', { name: 'Show it' }).click();
  await expect(popup.getByRole('button', { name: /^Brand new key/ })).toBeVisible();
  await expect(popup.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('');
  await expect(popup.getByLabel('Environment', { exact: true })).toHaveValue('');
  await expect(popup.getByRole('button', { name: /^Stripe live/ })).toBeVisible();

  // Nothing hides it: the notice is the plain one.
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill('other-value-0123456789abcdef');
  await popup.getByLabel('Name').fill('Another key');
  await popup.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'Added' })).toHaveText('Added “Another key”.');
});

test('a notice from before does not linger over a form; the sticky Save bar is opaque', async () => {
  const popup = await localVault(['Payments key']);
  await popup.getByRole('button', { name: /^Payments key/ }).click();
  await popup.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Copy' }).click();
  const copied = popup.getByRole('status').filter({ hasText: 'Copied.' });
  await expect(copied).toBeVisible();
  await popup.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Edit' }).click();
  await expect(popup.getByRole('button', { name: 'Save changes' })).toBeVisible();
  await expect(copied).toHaveCount(0);
  const bar = popup.locator('.sticky-actions');
  expect(await bar.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  await shots(popup, '85-edit-form');
});

test('a broken JSON file: one sentence with the place to look, and no environment to choose', async () => {
  const popup = await localVault();
  await nav(popup, 'Import/Export');
  const importer = popup.getByRole('form', { name: 'Import' });
  await importer.getByLabel('File').setInputFiles({ name: 'keys.json', mimeType: 'application/json', buffer: Buffer.from('{oops') });
  await expect(importer.getByLabel('Environment for these keys')).toBeVisible();
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importer.getByRole('alert')).toHaveText('This file is not valid JSON (line 1, column 2).');
  await expect(importer.getByLabel('Environment for these keys')).toHaveCount(0);
  await shots(popup, '85-import-broken-json');
});

test('Settings: the two "Current password" fields have their own names', async () => {
  const popup = await localVault();
  await nav(popup, 'Settings');
  await expect(popup.getByLabel('Current password for the account key', { exact: true })).toHaveCount(1);
  // Exactly one field answers to the plain name: the Password section's.
  await expect(popup.getByLabel('Current password', { exact: true })).toHaveCount(1);
  await expect(popup.getByRole('form', { name: 'Change password' }).getByLabel('Current password', { exact: true })).toHaveCount(1);
});

test('the server address starts empty and says what is wrong with a wrong one', async () => {
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await popup.locator('label.mode', { hasText: 'Create an account' }).click();
  const server = popup.getByLabel('Server');
  await expect(server).toHaveValue('');
  await expect(server).toHaveAttribute('placeholder', 'https://keyhaven.example.com');
  await popup.getByLabel('Email').fill('new@example.com');
  await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Password again').fill(PASSWORD);
  await server.fill('http://keyhaven.example.com');
  await popup.getByRole('button', { name: 'Create account' }).click();
  await expect(popup.getByRole('alert')).toContainText('Use https:// for keyhaven.example.com');
  await expect(server).toBeFocused();
  await expect(server).toHaveAttribute('aria-invalid', 'true');
  await shots(popup, '85-welcome-server-http');
  await server.fill('keyhaven.example.com');
  await expect(popup.getByRole('alert')).toHaveCount(0);
  await popup.getByRole('button', { name: 'Create account' }).click();
  await expect(popup.getByRole('alert')).toContainText('is not a web address');
});

test('a long key name wraps after its separators in the popup list, not mid-word', async () => {
  const name = 'ANTHROPIC_API_KEY_FOR_THE_PAYMENTS_SERVICE_STAGING';
  const popup = await localVault([name]);
  const shown = popup.getByRole('button', { name: new RegExp(`^${name}`) }).locator('.name');
  await expect(shown).toHaveText(name);
  // The character before each line break, read from where each character is drawn.
  const before = await shown.evaluate((el) => {
    const breaks: string[] = [];
    const range = document.createRange();
    let lastTop: number | null = null;
    let previous = '';
    for (const node of [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE) as Text[]) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = range.getBoundingClientRect().top;
        if (lastTop !== null && top > lastTop + 2) breaks.push(previous);
        lastTop = top;
        previous = node.data[i]!;
      }
    }
    return breaks;
  });
  expect(before.length).toBeGreaterThan(0);
  for (const c of before) expect('_-./').toContain(c);
  await shots(popup, '85-long-name');
});

test('a local vault: Devices offers to connect a sync server and opens Settings at that form', async () => {
  const popup = await localVault();
  await nav(popup, 'Devices');
  await shots(popup, '85-devices-local');
  await popup.getByRole('button', { name: 'Connect a sync server' }).click();
  const form = popup.getByRole('form', { name: 'Connect a sync server' });
  await expect(form.getByLabel('Server')).toBeFocused();
  await expect(form.getByLabel('Server')).toBeInViewport();
  await nav(popup, 'Vaults');
  await expect(popup.getByLabel('New vault name')).toHaveAttribute('placeholder', 'e.g. Payments team');
  await shots(popup, '85-vaults');
});
