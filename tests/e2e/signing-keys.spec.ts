/**
 * A webhook signing secret in the built extension in Chromium: add it with the kind signing-secret,
 * rotate with a 24-hour window (both keys listed, the old one "Verifies until …"), a refusal shown in the
 * form that caused it, revoke the old key with a reason, reactivate it; screenshots light and dark, in
 * the popup and the full-tab page.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { launchWithExtension, screenshot, SCREENSHOTS, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const PASSWORD = 'a long passphrase for webhook keys';
const FIRST = 'whsec_e2eSigningSecretFirstValue0123456789';

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

const atTop = (locator: Locator) => locator.evaluate((element) => element.scrollIntoView({ block: 'start' }));
const keyRow = (page: Page, id: string) => page.getByRole('listitem', { name: `Signing key ${id}` });

test('a signing secret: rotate with a 24 h window, revoke the old key with a reason, reactivate it', async () => {
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 400, height: 560 });
  await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Password again').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill(FIRST);
  await popup.getByLabel('Name').fill('Orders webhook');
  await popup.getByLabel('Kind').fill('signing-secret');
  await popup.getByRole('button', { name: 'Save' }).click();
  await popup.getByRole('button', { name: /Orders webhook/ }).click();

  const section = popup.getByRole('region', { name: 'Signing keys' });
  const keys = section.getByRole('list', { name: 'Signing keys of Orders webhook' }).getByRole('listitem');
  await expect(keys).toHaveCount(1);
  await expect(keys.first()).toContainText('Signs and verifies');
  const oldId = (await keys.first().locator('code').textContent())!;

  // Rotate: 24 hours is the default window, and the new key is generated in the background.
  await section.getByRole('button', { name: 'Rotate signing key' }).click();
  const rotate = popup.getByRole('form', { name: 'Rotate signing key' });
  await expect(rotate.getByLabel('Old key verifies for (hours)')).toHaveValue('24');
  await expect(rotate.getByRole('button', { name: '24 hours' })).toHaveAttribute('aria-pressed', 'true');
  await rotate.getByRole('button', { name: 'Stop now' }).click();
  await expect(rotate).toContainText('the old key stops verifying the moment the new one signs');
  await rotate.getByRole('button', { name: '24 hours' }).click();
  await expect(rotate).toContainText(/The old key verifies until \d{1,2} \w{3}/);
  await shots(popup, '14-signing-rotate-form');
  await rotate.getByRole('button', { name: 'Rotate signing key' }).click();
  await expect(popup.getByText('Rotated the signing key of “Orders webhook”.')).toBeVisible();
  await expect(keys).toHaveCount(2);
  await expect(keys.first()).toContainText('Signs and verifies');
  await expect(keyRow(popup, oldId)).toContainText(/Verifies until \d{1,2} \w{3}, \d{2}:\d{2}/);
  await popup.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/); // generated with the old key's prefix
  const current = (await popup.getByLabel('Key value').textContent())!;
  await atTop(section); // the popup's own size shows the section, not the buttons above it
  await screenshot(popup, '14-signing-keys-popup');
  await shots(popup, '14-signing-keys');

  // A refusal is answered in the form that caused it: pasting the key that already signs.
  await section.getByRole('button', { name: 'Rotate signing key' }).click();
  await rotate.getByText('Paste one').click(); // the radio itself is hidden inside its label (as on the welcome screen)
  await rotate.getByLabel('New signing key', { exact: true }).fill(current);
  await expect(rotate.getByLabel('New signing key', { exact: true })).toHaveAttribute('type', 'password');
  await rotate.getByRole('button', { name: 'Show the new signing key' }).click();
  await expect(rotate.getByLabel('New signing key', { exact: true })).toHaveAttribute('type', 'text');
  await rotate.getByRole('button', { name: 'Rotate signing key' }).click();
  await expect(rotate.getByRole('alert')).toContainText('the same as the current one');
  await expect(rotate.getByLabel('New signing key', { exact: true })).toHaveAccessibleDescription(/the same as the current one/);
  await shots(popup, '14-signing-rotate-error');
  await popup.keyboard.press('Escape'); // closes the form, not the key's page
  await expect(rotate).toHaveCount(0);
  await expect(popup.getByRole('heading', { name: 'Orders webhook' })).toBeVisible();

  // Revoke the old key with a reason, from the keyboard.
  await keyRow(popup, oldId).getByRole('button', { name: `Revoke signing key ${oldId}` }).click();
  const revoke = popup.getByRole('form', { name: `Revoke signing key ${oldId}` });
  await expect(revoke.getByLabel(`Why revoke ${oldId}?`)).toBeFocused();
  await popup.keyboard.type('leaked in a log');
  await shots(popup, '14-signing-revoke-form');
  await popup.keyboard.press('Enter');
  await expect(keyRow(popup, oldId)).toContainText('Revoked: leaked in a log');
  await expect(keys.first()).toContainText('Signs and verifies');
  await atTop(section);
  await screenshot(popup, '14-signing-revoked-popup');
  await shots(popup, '14-signing-revoked');

  await keyRow(popup, oldId).getByRole('button', { name: `Reactivate signing key ${oldId}` }).click();
  await expect(keyRow(popup, oldId)).toContainText(/Verifies until/);

  // The item revoked as a whole: the page says plainly that nothing signs or verifies.
  await popup.getByRole('button', { name: 'Revoke', exact: true }).click();
  await popup.getByLabel('Why is it revoked?').fill('endpoint retired');
  await popup.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(section).toContainText('no key signs or verifies');
  await expect(keys.first()).toContainText('not signing: the item is revoked');
  await shots(popup, '14-signing-item-revoked');
  await popup.getByRole('button', { name: 'Reactivate', exact: true }).click();

  // The full-tab page has room for the same section.
  const tab = await browser.openTab();
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
  await tab.getByRole('button', { name: /Orders webhook/ }).click();
  await expect(tab.getByRole('list', { name: 'Signing keys of Orders webhook' }).getByRole('listitem')).toHaveCount(2);
  await shots(tab, '14-tab-signing-keys');
});
