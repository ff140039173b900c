/**
 * A password change on one device ends the other devices' sessions. The other browser keeps working
 * locally, says it is signed out and what is waiting, and signs in again with the new password from a
 * banner (a wrong one is said beside the field); then its queued write syncs, and the new password
 * unlocks it. Screenshots of the banner in the popup and the full-tab page, light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { screenshot, SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';
import { startSynced, syncStatus } from './support/account.js';

const { server, launch } = useServerAndBrowsers();

const OLD_PASSWORD = 'the first passphrase of this account';
const NEW_PASSWORD = 'the second passphrase, set on browser A';

const status = syncStatus;

const start = (mode: 'Create an account' | 'Sign in', email: string) => startSynced(launch, { server: server().url, mode, email, password: OLD_PASSWORD });

async function addKey(popup: Page, name: string, value: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Name').fill(name);
  await popup.getByLabel('Value', { exact: true }).fill(value);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

/** The page at its own size (the popup's 400 × 560, or the tab's 1200 × 800), light then dark. */
async function shots(page: Page, name: string, popup: boolean): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (popup) await screenshot(page, `${name}-${scheme}`);
    else await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('after a password change elsewhere: signed out with the write kept, a wrong password said beside the field, the new one resumes sync and unlocks', async () => {
  const email = `sign-in-again-${Date.now()}@example.com`;
  const { popup: a } = await start('Create an account', email);
  const { browser: second, popup: b } = await start('Sign in', email);

  // A changes the password; the server ends B's session.
  await a.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const change = a.getByRole('form', { name: 'Change password' });
  await change.getByLabel('Current password').fill(OLD_PASSWORD);
  await change.getByLabel(/^New password \(/).fill(NEW_PASSWORD);
  await change.getByLabel('New password again').fill(NEW_PASSWORD);
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(a.getByText('Password changed.', { exact: false })).toBeVisible({ timeout: 15_000 });

  // B writes; the write stays here, and the badge and the banner say why it does not sync.
  await addKey(b, 'Written while signed out', 'sk-written-while-signed-out-0001');
  await expect(status(b)).toHaveText('Signed out · 1 pending', { timeout: 10_000 });
  const banner = b.getByRole('region', { name: 'Signed out of sync' });
  await expect(banner).toContainText('1 change made here waits until you sign in.');
  const field = banner.getByLabel('Current password');
  // Compact in the popup: the field and the screen under the banner (the key just written) both in view.
  await expect(field).toBeInViewport();
  await expect(b.getByRole('button', { name: /Written while signed out/ })).toBeInViewport();
  await shots(b, '16-signed-out-popup', true);

  // The full-tab page shows the same banner.
  const tab = await second.openTab();
  await expect(tab.getByRole('region', { name: 'Signed out of sync' })).toBeVisible();
  await shots(tab, '16-signed-out-tab', false);
  await tab.close();

  // The old password: refused, in words beside the field, which points to them.
  await field.fill(OLD_PASSWORD);
  await banner.getByRole('button', { name: 'Sign in again' }).click();
  const error = banner.getByRole('alert');
  await expect(error).toHaveText('Wrong password.', { timeout: 15_000 });
  await expect(field).toHaveAccessibleDescription('Wrong password.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(status(b)).toHaveText('Signed out · 1 pending');
  await expect(field).toBeFocused(); // ready for the next try, its text selected
  await shots(b, '16-signed-out-wrong-password-popup', true);

  // The new password, by keyboard: typing replaces the selected old one, Enter submits.
  await b.keyboard.type(NEW_PASSWORD);
  await b.keyboard.press('Enter');
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(status(b)).toHaveText('Synced', { timeout: 15_000 });

  // The write reached the server: A pulls it.
  await a.getByRole('button', { name: 'Sync now' }).click();
  await a.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
  await expect(a.getByRole('button', { name: /Written while signed out/ })).toBeVisible({ timeout: 10_000 });

  // The new password unlocks B from now on.
  await b.getByRole('button', { name: 'Lock' }).click();
  const unlock = b.getByLabel('Password', { exact: true });
  await unlock.fill(NEW_PASSWORD);
  await unlock.press('Enter');
  await expect(status(b)).toHaveText('Synced', { timeout: 15_000 });
  await expect(b.getByRole('button', { name: /Written while signed out/ })).toBeVisible();
});
