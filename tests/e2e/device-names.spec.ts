/**
 * Device names and a revoked browser, in two Chromium profiles on one account: each device is named
 * from its browser and system, one renames the other and the other sees it, then one revokes the other,
 * which locks and says when, by which device and what it could not send, and signs in again as a new
 * device. Screenshots of the Devices screen and the revoked screen at popup size, light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.js';
import { screenshot } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';
import { startSynced, syncStatus } from './support/account.js';
import { expectedDeviceName } from './support/device-name.js';

const { server, launch } = useServerAndBrowsers();
const PASSWORD = 'device names and a revoked browser';

const devices = (page: Page) => page.getByRole('list', { name: 'Devices' });
const thisOne = (page: Page) => devices(page).getByRole('listitem').filter({ hasText: '(this browser)' });
const otherOne = (page: Page) => devices(page).getByRole('listitem').filter({ hasNotText: '(this browser)' });

/** Light and dark at popup size, each checked with axe as accessibility.spec.ts checks the other screens. */
async function shots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await screenshot(page, `${name}-${scheme}`, { size: 'popup', scheme });
    expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('devices are named from the platform, renamed from either side, and a revoked browser locks and explains', async () => {
  const email = `device-names-${Date.now()}@example.com`;
  const { popup: first } = await startSynced(launch, { server: server().url, mode: 'Create an account', email, password: PASSWORD });
  const { popup: second } = await startSynced(launch, { server: server().url, mode: 'Sign in', email, password: PASSWORD });
  const name = await expectedDeviceName(first);
  expect(name).toMatch(/^(Chrome|Chromium) on Linux$/);

  await first.getByRole('button', { name: 'Devices' }).click();
  await expect(thisOne(first).getByText(name, { exact: true })).toBeVisible();
  await expect(otherOne(first).getByText(name, { exact: true })).toBeVisible();
  await expect(first.getByText('The server sees device names')).toBeVisible();
  await shots(first, 'device-names-01-devices');

  // The first browser renames the second; a name made only of spaces is refused beside the field.
  await otherOne(first).getByRole('button', { name: `Rename ${name}` }).click();
  const form = first.getByRole('form', { name: `Rename ${name}` });
  await form.getByLabel(/^New name/).fill('Work laptop');
  await shots(first, 'device-names-02-rename');
  await form.getByRole('button', { name: 'Save name' }).click();
  await expect(otherOne(first).getByText('Work laptop', { exact: true })).toBeVisible();

  await second.getByRole('button', { name: 'Devices' }).click();
  await expect(thisOne(second).getByText('Work laptop', { exact: true })).toBeVisible();
  await expect(otherOne(second).getByText(name, { exact: true })).toBeVisible();

  // The first revokes the second. The revocation's audit entry reaches the second over realtime, and
  // its sync is refused: it locks at once, with nothing of its own waiting (the integration test
  // extension-devices.test.ts covers a write that could not be sent).
  await otherOne(first).getByRole('button', { name: 'Revoke Work laptop' }).click();
  await first.getByLabel(/Your password/).fill(PASSWORD);
  await first.getByRole('form', { name: 'Revoke Work laptop' }).getByRole('button', { name: 'Revoke Work laptop' }).click();
  await expect(first.getByText('Revoked Work laptop.')).toBeVisible();

  await expect(second.getByRole('heading', { name: 'Removed from your account' })).toBeVisible({ timeout: 15_000 });
  await expect(second.getByText(new RegExp(`^This browser was removed from your account on .+ by ${name}\\. Sign in again to use it\\.$`))).toBeVisible();
  await expect(second.getByRole('note')).toHaveCount(0);
  // Locked: no list, no sync badge, nothing decrypted on the page.
  await expect(syncStatus(second)).toHaveCount(0);
  await expect(second.getByRole('list', { name: 'Devices' })).toHaveCount(0);
  await shots(second, 'device-names-03-revoked');

  await second.getByLabel(/^Password/).fill('not the password');
  await second.getByRole('button', { name: 'Sign in again' }).click();
  await expect(second.getByRole('alert')).toHaveText('Wrong password.');
  await second.getByLabel(/^Password/).fill(PASSWORD);
  await second.getByRole('button', { name: 'Sign in again' }).click();
  await expect(syncStatus(second)).toHaveText('Synced', { timeout: 15_000 });
  await second.getByRole('button', { name: 'Devices' }).click();
  await expect(devices(second).getByRole('listitem')).toHaveCount(3);
  // Dates as the audit log says them (relative while recent), the exact time on hover.
  const revoked = devices(second).getByRole('listitem').filter({ hasText: 'Work laptop' });
  await expect(revoked).toContainText('revoked just now');
  await expect(revoked.locator('time').last()).toHaveAttribute('title', /\d{4}, \d{2}:\d{2}$/);
});

test('a browser revoked with a change it never sent says so before it signs in again', async () => {
  const email = `device-unsent-${Date.now()}@example.com`;
  const { popup: first } = await startSynced(launch, { server: server().url, mode: 'Create an account', email, password: PASSWORD });
  const { popup: second } = await startSynced(launch, { server: server().url, mode: 'Sign in', email, password: PASSWORD });
  // A change made while the server is away waits in the outbox, and still waits after a lock.
  await server().stop();
  await second.getByRole('button', { name: 'Add key' }).click();
  await second.getByLabel('Name').fill('Made offline');
  await second.getByLabel('Value', { exact: true }).fill('sk-made-offline-0000000000');
  await second.getByRole('button', { name: 'Save' }).click();
  await expect(syncStatus(second)).toHaveText(/1 pending/, { timeout: 15_000 });
  await second.getByRole('button', { name: 'Lock' }).click();
  await server().restart();

  await first.getByRole('button', { name: 'Devices' }).click();
  await otherOne(first).getByRole('button', { name: /^Revoke/ }).click();
  await first.getByLabel(/Your password/).fill(PASSWORD);
  await first.getByRole('form', { name: /^Revoke/ }).getByRole('button', { name: /^Revoke/ }).click();
  await expect(first.getByText(/^Revoked /)).toBeVisible();

  await second.getByLabel('Password').fill(PASSWORD);
  await second.getByRole('button', { name: 'Unlock' }).click();
  await expect(second.getByRole('heading', { name: 'Removed from your account' })).toBeVisible({ timeout: 15_000 });
  await expect(second.getByRole('note')).toHaveText(/^1 change made in this browser was not sent before it was removed, and will not be/);
  await shots(second, 'device-names-04-revoked-unsent');
});
