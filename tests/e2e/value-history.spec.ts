/**
 * A key's value history in the built extension (decision #113): after two rotations the key's page lists
 * both earlier values masked, with when and why each was replaced; the first one is revealed from the
 * keyboard and copied (the clipboard holds it), both show in the key's audit entries naming the day it
 * was replaced; a revoked key's earlier value asks before it is copied. Screenshots in the popup and the
 * tab, light and dark, each checked by axe.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.js';
import { createLocalVault } from './support/dashboard-browser.js';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/extension.js';

const PASSWORD = 'a long passphrase for earlier values';
const FIRST = 'sk-proj-firstvalue0123456789wxyz';
const SECOND = 'sk-proj-secondvalue0123456789abcd';
const THIRD = 'sk-proj-thirdvalue0123456789efgh';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

async function rotate(page: Page, value: string, reason: string): Promise<void> {
  await page.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Rotate' }).click();
  await page.getByLabel('New value', { exact: true }).fill(value);
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(page.getByText(/the old value is in its history/)).toBeVisible();
}

/** Presses Tab until `target` has the focus, as a person without a mouse does. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/**
 * The popup at its size and the tab's, light and dark, scrolled so the history is in view; axe checks
 * each (the accessibility spec's tour opens no key with a history).
 */
async function shots(page: Page, history: Locator, size: 'popup' | 'tab'): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.setViewportSize(size === 'popup' ? { width: 380, height: 600 } : { width: 1200, height: 800 });
    await history.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, `value-history-${size}-${scheme}`, { size, scheme });
    expect(await seriousViolations(page)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('earlier values are listed masked, revealed and copied on demand, and audited', async () => {
  const popup = await createLocalVault(browser, PASSWORD);
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill(FIRST);
  await popup.getByLabel('Name').fill('OpenAI prod');
  await popup.getByRole('button', { name: 'Save' }).click();
  await popup.getByRole('button', { name: /OpenAI prod/ }).click();
  await rotate(popup, SECOND, 'quarterly rotation');
  await rotate(popup, THIRD, 'leaked in CI logs');

  const history = popup.getByRole('region', { name: 'Value history' });
  const entries = history.getByRole('listitem');
  await expect(entries).toHaveCount(2);
  // Newest first; nothing but masks is in the page until asked.
  await expect(entries.nth(0)).toContainText('leaked in CI logs');
  await expect(entries.nth(0)).toContainText('sk-p…abcd');
  await expect(entries.nth(1)).toContainText('quarterly rotation');
  await expect(entries.nth(1)).toContainText('sk-p…wxyz');
  expect(await popup.content()).not.toContain(FIRST);
  expect(await popup.content()).not.toContain(SECOND);

  const day = new Date().toISOString().slice(0, 10);
  // Both were replaced today (within a minute): the names carry the time too, so each button's name is its own.
  const reveal = history.getByRole('button', { name: new RegExp(`^Reveal the value replaced on ${day}`) });
  await expect(reveal).toHaveCount(2);
  const revealFirst = reveal.nth(1);
  const on = (await revealFirst.getAttribute('aria-label'))!.replace('Reveal the value replaced on ', '');
  const firstName = `the value replaced on ${on}`;

  // From the keyboard: Tab to the first value's Reveal, Enter.
  await popup.getByRole('heading', { name: 'OpenAI prod' }).focus();
  await tabTo(popup, revealFirst);
  await popup.keyboard.press('Enter');
  await expect(history.getByLabel(`Value replaced on ${on}`, { exact: true })).toHaveText(FIRST);
  await expect(popup.getByLabel('Key value')).toHaveText('sk-p…efgh'); // the current value stays masked
  await expect(history.getByRole('button', { name: `Hide ${firstName}` })).toBeFocused(); // the same button, now Hide

  await history.getByRole('button', { name: `Copy ${firstName}` }).click();
  await expect(popup.getByText(/Copied the value replaced on .*The clipboard is cleared in 30 s/)).toBeVisible();
  expect(await browser.clipboard()).toBe(FIRST);

  await popup.getByRole('button', { name: 'Show this key’s audit entries' }).click();
  const audit = popup.getByRole('region', { name: 'Audit entries for this key' });
  await expect(audit).toContainText(`Copied the value of OpenAI prod replaced on ${day} to the clipboard`);
  await expect(audit).toContainText(`Revealed the value of OpenAI prod replaced on ${day}`);

  await shots(popup, history, 'popup');

  // A revoked key: copying an earlier value asks first, like the current value's copy.
  await popup.getByRole('group', { name: 'Key actions' }).getByRole('button', { name: 'Revoke' }).click();
  await popup.getByLabel('Why is it revoked?').fill('leaked');
  await popup.getByRole('button', { name: 'Revoke', exact: true }).click();
  await browser.setClipboard('');
  await history.getByRole('button', { name: `Copy ${firstName}` }).click();
  const ask = popup.getByRole('alertdialog', { name: 'Copy a revoked key?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Copy anyway' }).click();
  await expect.poll(() => browser.clipboard()).toBe(FIRST);

  const tab = await browser.openTab();
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys', exact: true }).click();
  await tab.getByRole('button', { name: /OpenAI prod/ }).click();
  const tabHistory = tab.getByRole('region', { name: 'Value history' });
  await tabHistory.getByRole('button', { name: new RegExp(`^Reveal the value replaced on ${day}`) }).first().click();
  await expect(tabHistory.getByRole('listitem').first().locator('code')).toHaveText(SECOND);
  await shots(tab, tabHistory, 'tab');
});
