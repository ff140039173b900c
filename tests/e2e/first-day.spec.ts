/**
 * A user's whole first day, in the built extension in Chromium against a real server: create an account,
 * add three keys, lock, unlock, search, copy (the clipboard holds the key, then is cleared), rotate one,
 * revoke one and reactivate it, check the audit log, export a backup and import it into a fresh profile.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'first day at the new job, long passphrase';
const BACKUP_PASSWORD = 'a separate backup passphrase';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => B62[b % 62]).join('');

async function addKey(popup: Page, key: { name: string; value: string; environment: string }) {
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill(key.value);
  await popup.getByLabel('Name').fill(key.name);
  await popup.getByLabel('Environment').fill(key.environment);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('button', { name: new RegExp(key.name) })).toBeVisible();
}

test('a first day: account, three keys, lock/unlock, search, copy with clearing, rotate, revoke, backup to a fresh profile', async () => {
  test.setTimeout(120_000);
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.locator('label.mode', { hasText: 'Create an account' }).click();
  await popup.getByLabel('Server').fill(server().url);
  await popup.getByLabel('Email').fill(`first-day-${Date.now()}@example.com`);
  await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Password again').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create account' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 15_000 });
  await expect(popup.getByText('No keys yet.')).toBeVisible();

  const keys = [
    { name: 'OpenAI production', value: `sk-proj-${random(64)}`, environment: 'production' },
    { name: 'Stripe test', value: `sk_test_${random(32)}`, environment: 'test' },
    { name: 'Webhook secret', value: `whsec_${random(32)}`, environment: 'production' },
  ];
  // The provider is guessed from the value as it is pasted.
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill(keys[0]!.value);
  await expect(popup.getByLabel('Provider')).toHaveValue('openai');
  await expect(popup.getByLabel('Kind')).toHaveValue('project');
  await popup.getByLabel('Name').fill(keys[0]!.name);
  await screenshot(popup, '03-add-key-guessed');
  await popup.getByRole('button', { name: 'Cancel' }).click();
  for (const key of keys) await addKey(popup, key);
  const list = popup.getByRole('list', { name: 'Keys' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(popup.locator('body')).not.toContainText(keys[0]!.value.slice(10, 30));

  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.locator('body')).not.toContainText('OpenAI production');
  await popup.getByLabel('Password').fill(PASSWORD);
  await popup.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(3);

  await popup.getByLabel('Search keys').fill('product');
  await expect(list.getByRole('listitem')).toHaveCount(2); // by environment
  await popup.getByLabel('Search keys').fill('');
  await popup.getByLabel('Environment').selectOption('test');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await popup.getByLabel('Environment').selectOption('');

  // Copy: a short clearing time (Settings) keeps the test quick; the default is 30 s.
  await popup.getByRole('button', { name: 'Settings' }).click();
  await popup.getByLabel(/Clear a copied key/).fill('5');
  await popup.getByRole('button', { name: 'Save preferences' }).click();
  await expect(popup.getByText('Settings saved.')).toBeVisible();
  await screenshot(popup, '09-settings');
  await popup.getByRole('button', { name: 'Keys' }).click();
  await popup.getByRole('button', { name: /Stripe test/ }).click();
  await popup.getByRole('button', { name: 'Copy' }).click();
  await expect(popup.getByText(/Copied\. The clipboard is cleared in 5 s/)).toBeVisible();
  expect(await browser.clipboard()).toBe(keys[1]!.value);
  await expect.poll(() => browser.clipboard(), { timeout: 12_000 }).toBe('');
  // Something the user copied afterwards is theirs: it is not cleared.
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Copy' }).click();
  await expect.poll(() => browser.clipboard()).toBe(keys[1]!.value);
  await browser.setClipboard('my own text');
  await popup.waitForTimeout(7_000);
  expect(await browser.clipboard()).toBe('my own text');

  // Rotate one: the new value is in place, the old one in history.
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Rotate' }).click();
  const rotated = `sk_test_${random(32)}`;
  await popup.getByLabel('New value').fill(rotated);
  await popup.getByLabel('Reason').fill('first-day rotation');
  await popup.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(popup.getByText(/Rotated “Stripe test”/)).toBeVisible();
  await expect(popup.getByRole('region', { name: 'Value history' })).toContainText('first-day rotation');
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(rotated);
  await screenshot(popup, '05-item-rotated');

  // Revoke another, with a reason; then reactivate it.
  await popup.getByRole('button', { name: '← Keys' }).click();
  await popup.getByRole('button', { name: /Webhook secret/ }).click();
  await popup.getByRole('button', { name: 'Revoke' }).click();
  await popup.getByLabel('Why is it revoked?').fill('pasted into a public issue');
  await popup.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(popup.getByRole('note')).toContainText('pasted into a public issue');
  await screenshot(popup, '06-item-revoked');
  await popup.getByRole('button', { name: 'Reactivate' }).click();
  await expect(popup.getByRole('note')).toHaveCount(0);
  await popup.getByRole('button', { name: 'Show this key’s audit entries' }).click();
  await expect(popup.getByRole('region', { name: 'Audit entries for this key' }).getByRole('row')).toHaveCount(4); // header + create, revoke, reactivate

  // The vault's audit log verifies.
  await popup.getByRole('button', { name: 'Audit' }).click();
  await expect(popup.getByText(/✓ Verified: all \d+ entries/)).toBeVisible({ timeout: 15_000 });
  await screenshot(popup, '10-audit-verified');
  await popup.getByRole('button', { name: 'Devices' }).click();
  await expect(popup.getByRole('list', { name: 'Devices' })).toContainText('(this browser)');
  await screenshot(popup, '11-devices');

  // Export a backup …
  await popup.getByRole('button', { name: 'Import/Export' }).click();
  await popup.getByLabel('Backup password', { exact: true }).fill(BACKUP_PASSWORD);
  await popup.getByLabel('Backup password again').fill(BACKUP_PASSWORD);
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Export backup' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('keyhaven-backup');
  expect(text).not.toContain(rotated);
  await screenshot(popup, '12-import-export');

  // … and import it into a fresh browser profile with its own local vault.
  const fresh = await launch();
  const other = await fresh.openPopup();
  await other.getByLabel('Password', { exact: true }).fill('the second profile password');
  await other.getByLabel('Password again').fill('the second profile password');
  await other.getByRole('button', { name: 'Create vault' }).click();
  await other.getByRole('button', { name: 'Import/Export' }).click();
  const importForm = other.getByRole('form', { name: 'Import' });
  await importForm.getByLabel('File').setInputFiles(file);
  await expect(other.getByText('an encrypted KeyHaven backup')).toBeVisible();
  await importForm.getByLabel('Backup password').fill('not the backup password');
  await importForm.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(other.getByRole('alert')).toHaveText('Wrong password.');
  await importForm.getByLabel('Backup password').fill(BACKUP_PASSWORD);
  await importForm.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(other.getByText('Imported 3 key(s).')).toBeVisible();
  await other.getByRole('button', { name: 'Keys' }).click();
  await expect(other.getByRole('list', { name: 'Keys' }).getByRole('listitem')).toHaveCount(3);
  await other.getByRole('button', { name: /Stripe test/ }).click();
  await other.getByRole('button', { name: 'Reveal' }).click();
  await expect(other.getByLabel('Key value')).toHaveText(rotated);
});
