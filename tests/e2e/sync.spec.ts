import { expect, test, type Page } from '@playwright/test';
import { screenshot } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'correct horse battery staple, synced';

async function start(mode: 'Create an account' | 'Sign in', email: string): Promise<Page> {
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.locator('label.mode', { hasText: mode }).click();
  await expect(popup.getByRole('radio', { name: mode })).toBeChecked();
  await popup.getByLabel('Server').fill(server().url);
  await popup.getByLabel('Email').fill(email);
  await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
  if (mode === 'Create an account') await popup.getByLabel('Password again').fill(PASSWORD);
  await popup.getByRole('button', { name: mode === 'Sign in' ? 'Sign in' : 'Create account' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 15_000 });
  return popup;
}

async function addKey(popup: Page, name: string, value: string) {
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Name').fill(name);
  await popup.getByLabel('Value', { exact: true }).fill(value);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

test('two browser profiles on one account: a key added in one appears in the other without reloading', async () => {
  const email = `two-profiles-${Date.now()}@example.com`;
  const first = await start('Create an account', email);
  await addKey(first, 'Added before the second browser', 'sk-before-second-browser-123456');
  const second = await start('Sign in', email);
  await expect(second.getByRole('button', { name: /Added before the second browser/ })).toBeVisible();

  await addKey(first, 'Added while both are open', 'sk-while-both-open-abcdef');
  // No reload, no click: the server's notice reaches the second browser, which pulls and shows it.
  await expect(second.getByRole('button', { name: /Added while both are open/ })).toBeVisible({ timeout: 5_000 });
  await screenshot(second, '07-second-browser-synced');

  // The first browser revokes the second: it asks for the password, says a wrong one next to the field,
  // and with the right one the second browser's session ends. Neither browser sees a security warning.
  await first.getByRole('button', { name: 'Devices' }).click();
  const others = first.getByRole('list', { name: 'Devices' }).getByRole('listitem').filter({ hasNotText: 'this browser' });
  await others.getByRole('button', { name: /^Revoke/ }).click();
  const form = first.getByRole('form', { name: /^Revoke/ });
  await form.getByLabel(/Your password/).fill('not the password');
  await form.getByRole('button', { name: /^Revoke/ }).click();
  await expect(form.getByRole('alert')).toHaveText('Wrong password.');
  await screenshot(first, '09-revoke-wrong-password');
  await form.getByLabel(/Your password/).fill(PASSWORD);
  await form.getByRole('button', { name: /^Revoke/ }).click();
  await expect(first.getByText(/^Revoked /)).toBeVisible();
  await expect(first.getByText(/revoked \d{4}-/)).toBeVisible();
  // The second browser's next sync (its next write kicks one) is refused: its session ended.
  await addKey(second, 'Written after the revocation', 'sk-after-revocation-0000000');
  await expect(second.getByRole('status', { name: 'Sync status' })).toHaveText('Sync error', { timeout: 10_000 });
  await expect(first.getByRole('alert', { name: 'Security warning' })).toHaveCount(0);
});

test('with the server stopped, edits still work and show as pending, and arrive when it is back', async () => {
  const email = `offline-${Date.now()}@example.com`;
  const first = await start('Create an account', email);
  await server().stop();
  await addKey(first, 'Written while offline', 'sk-written-offline-000000');
  await expect(first.getByRole('status', { name: 'Sync status' })).toHaveText('Offline · 1 pending', { timeout: 15_000 });
  await screenshot(first, '08-offline-pending');

  await server().restart();
  await expect(first.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 30_000 });
  const second = await start('Sign in', email);
  await expect(second.getByRole('button', { name: /Written while offline/ })).toBeVisible();
});
