/**
 * A vault's key on its Members page, as a new account meets it: the version and when it was made, the
 * schedule an admin chooses, "Rotate vault key now" with a confirmation and the notice after it; the same by
 * keyboard alone (Escape closes the confirmation, not the page); screenshots light and dark, in the popup
 * and the full-tab page.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { screenshot, SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'a long passphrase for rotating vault keys';
/** Enough keys that the re-encryption outlasts the page's one-second poll of its progress. */
const MANY = 1500;

/**
 * Light and dark, the whole page at its own width (the popup's, or the full tab's). The window is made
 * as tall as the page first: a full-page capture of a scrolled page draws the sticky notice mid-page.
 */
async function shots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(size);
}

/** The popup at its own size, light and dark, scrolled so `section` is in view (as a person sees it). */
async function popupShots(page: Page, section: Locator, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await section.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();

async function addKey(popup: Page, name: string, value: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill(value);
  await popup.getByLabel('Name').fill(name);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

/** Vaults → the default vault's card → its Members page (a vault only you open offers "Share"). */
async function openMembers(page: Page): Promise<Locator> {
  await nav(page, 'Vaults');
  await page.getByRole('list', { name: 'Your vaults' }).getByRole('listitem').first().getByRole('button', { name: /^(Members|Share)$/ }).click();
  const section = page.getByRole('region', { name: 'Vault key' });
  await expect(section).toBeVisible();
  return section;
}

async function signUp(page: Page): Promise<void> {
  await page.locator('label.mode', { hasText: 'Create an account' }).click();
  await page.getByLabel('Server').fill(server().url);
  await page.getByLabel('Email').fill(`rotator-${Date.now()}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 20_000 });
}

/** Presses Tab until `target` has the focus, as a person without a mouse does (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('a vault key: its version and schedule, rotate now with a confirmation, by mouse and by keyboard; a refusal shows beside its control', async () => {
  test.setTimeout(150_000);
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 400, height: 560 });
  await signUp(popup);
  await addKey(popup, 'Stripe live', 'sk_live_key_rotation_e2e_000001');
  await addKey(popup, 'GitHub deploy', 'ghp_keyRotationE2eToken000000000000000002');
  await addKey(popup, 'Orders webhook', 'whsec_keyRotationE2eSecret0000000000000003');
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 20_000 });

  const section = await openMembers(popup);
  const schedule = section.getByRole('combobox', { name: 'Automatic rotation' });
  const rotateNow = section.getByRole('button', { name: 'Rotate vault key now' });
  const confirm = popup.getByRole('alertdialog', { name: 'Rotate the vault key now?' });
  const notice = popup.getByRole('status').filter({ hasText: 'Rotated the vault key' });
  await expect(section).toContainText('One vault key encrypts the 3 keys in “Personal”');
  await expect(section).toContainText(/Current vault key: version 1, created \d{1,2} [A-Z][a-z]{2}(?: \d{4})?\./);
  await expect(schedule).toHaveValue('90'); // the default a new vault starts with
  await expect(schedule).toHaveAccessibleDescription(/^Due \d{1,2} [A-Z][a-z]{2}(?: \d{4})?, 90 days after the current vault key was created\. The first of your browsers to sync after that date rotates it\.$/);
  await popupShots(popup, section, '15-vault-key-popup');
  await shots(popup, '15-vault-key');

  // The schedule: every 30 days, and the words under it follow.
  await schedule.selectOption('30');
  await expect(schedule).toHaveAccessibleDescription(/^Due \d{1,2} [A-Z][a-z]{2}(?: \d{4})?, 30 days after the current vault key was created\./);
  await expect(popup.getByRole('status').filter({ hasText: 'is now rotated every 30 days' })).toBeVisible();

  // Rotate now: a confirmation first, then the notice names the new version and the section shows it.
  await rotateNow.click();
  await expect(confirm).toContainText('with a new one (version 2) and re-encrypt its 3 keys');
  await expect(confirm.getByRole('button', { name: 'Rotate vault key' })).toBeFocused();
  await popupShots(popup, section, '15-vault-key-confirm-popup');
  await shots(popup, '15-vault-key-confirm');
  await confirm.getByRole('button', { name: 'Rotate vault key' }).click();
  await expect(notice).toHaveText('Rotated the vault key of “Personal”: version 2 now encrypts its 3 keys.', { timeout: 20_000 });
  await expect(section).toContainText('Current vault key: version 2');
  await expect(rotateNow).toBeFocused(); // the confirmation went away: focus is back where it started
  await popupShots(popup, section, '15-vault-key-rotated-popup');
  await shots(popup, '15-vault-key-rotated');
  // Every key still opens under the new vault key.
  await nav(popup, 'Keys');
  await popup.getByRole('button', { name: /Stripe live/ }).click();
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText('sk_live_key_rotation_e2e_000001');

  // Keyboard only, from the top of a fresh page.
  await popup.reload();
  await nav(popup, 'Vaults');
  await popup.getByRole('list', { name: 'Your vaults' }).getByRole('listitem').first().getByRole('button', { name: /^(Members|Share)$/ }).press('Enter');
  await expect(section).toBeVisible();
  await tabTo(popup, schedule);
  await popup.keyboard.press('ArrowDown'); // a closed select changes at once: 30 → 60
  await expect(schedule).toHaveAccessibleDescription(/60 days after/);
  await expect(schedule).toBeFocused(); // disabled while saving, yet the focus stays for the next press
  await popup.keyboard.press('Tab');
  await expect(rotateNow).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Rotate vault key' })).toBeFocused();
  await popup.keyboard.press('Escape'); // closes the confirmation, not the Members page
  await expect(confirm).toHaveCount(0);
  await expect(popup.getByRole('heading', { name: 'Members of “Personal”' })).toBeVisible();
  await expect(rotateNow).toBeFocused();
  await popup.keyboard.press('Space');
  await popup.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await popup.keyboard.press('Space');
  await expect(confirm).toHaveCount(0);
  await expect(rotateNow).toBeFocused();
  await popup.keyboard.press('Enter');
  await popup.keyboard.press('Enter');
  await expect(notice).toContainText('version 3 now encrypts', { timeout: 20_000 });
  await expect(rotateNow).toBeFocused();
  await popup.keyboard.press('Escape'); // with nothing open, Escape goes back, as on every page
  await expect(popup.getByRole('heading', { name: 'Vaults' })).toBeVisible();

  // The full-tab page has room for the same section.
  const tab = await browser.openTab();
  const tabSection = await openMembers(tab);
  await expect(tabSection).toContainText('Current vault key: version 3');
  await shots(tab, '15-tab-vault-key');
  await tabSection.getByRole('button', { name: 'Rotate vault key now' }).click();
  await shots(tab, '15-tab-vault-key-confirm');
  await tab.getByRole('alertdialog').getByRole('button', { name: 'Rotate vault key' }).click();
  await expect(tabSection).toContainText('Current vault key: version 4', { timeout: 20_000 });
  await shots(tab, '15-tab-vault-key-rotated');

  // A refusal (the server is down) shows beside the control that caused it, and the control points to it.
  await server().stop();
  const tabSchedule = tabSection.getByRole('combobox', { name: 'Automatic rotation' });
  await tabSchedule.selectOption('never');
  await expect(tabSection.getByRole('alert')).toContainText('The schedule was not saved: cannot reach', { timeout: 20_000 });
  await expect(tabSchedule).toHaveValue('60'); // back to what is saved
  await expect(tabSchedule).toHaveAccessibleDescription(/^Due \d{1,2} [A-Z][a-z]{2}(?: \d{4})?, 60 days after .* The schedule was not saved: cannot reach/);
  await expect(tab.getByRole('status').filter({ hasText: 'Rotated the vault key' })).toHaveCount(0); // no older success beside the refusal
  await shots(tab, '15-tab-vault-key-schedule-error');
  await tabSection.getByRole('button', { name: 'Rotate vault key now' }).click();
  await tab.getByRole('alertdialog').getByRole('button', { name: 'Rotate vault key' }).click();
  await expect(tabSection.getByRole('alert')).toContainText('The vault key was not rotated to the end: cannot reach', { timeout: 20_000 });
  await expect(tabSection.getByRole('button', { name: 'Rotate vault key now' })).toHaveAccessibleDescription(/not rotated to the end/);
  await shots(tab, '15-tab-vault-key-rotate-error');

  // Back online, the same button finishes what was cut short: no second new version.
  await server().restart();
  await tabSection.getByRole('button', { name: 'Rotate vault key now' }).click();
  await tab.getByRole('alertdialog').getByRole('button', { name: 'Rotate vault key' }).click();
  await expect(tab.getByRole('status').filter({ hasText: 'Rotated the vault key' })).toContainText('version 5 now encrypts', { timeout: 30_000 });
  await expect(tabSection.getByRole('alert')).toHaveCount(0);
});

test('a vault with many keys: the re-encryption shows its progress beside the button that started it', async () => {
  test.setTimeout(180_000);
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 400, height: 560 });
  await signUp(popup);
  const lines = Array.from({ length: MANY }, (_, i) => `KEY_${String(i).padStart(4, '0')}=value-of-key-${i}-${'x'.repeat(24)}`);
  await nav(popup, 'Import/Export');
  const importForm = popup.getByRole('form', { name: 'Import' });
  await importForm.getByLabel('File').setInputFiles({ name: 'many.env', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) });
  await importForm.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(popup.getByText(`Imported ${MANY} keys.`)).toBeVisible({ timeout: 60_000 });
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 60_000 });

  const section = await openMembers(popup);
  await section.getByRole('button', { name: 'Rotate vault key now' }).click();
  await popup.getByRole('alertdialog').getByRole('button', { name: 'Rotate vault key' }).click();
  const progress = section.getByRole('status').filter({ hasText: 'Re-encrypting under the new vault key' });
  await expect(progress).toContainText(new RegExp(`\\d+ of ${MANY} keys`), { timeout: 20_000 });
  await popupShots(popup, section, '15-vault-key-progress-popup');
  await shots(popup, '15-vault-key-progress');
  await expect(popup.getByRole('status').filter({ hasText: 'Rotated the vault key' })).toContainText(`version 2 now encrypts its ${MANY} keys`, { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
});
