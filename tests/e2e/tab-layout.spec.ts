/**
 * The layout of issue #17: keys with very long names, providers, tags and values (no spaces) never push
 * anything past its card, in the popup (380 × 600), the wide tab (two panes) and a narrow tab (one
 * column); the two panes by keyboard (open → the key's heading, Escape → its row, a reload keeps the key);
 * the nav's last section in reach at 380 px; the theme chosen in Settings, kept across popups and
 * followed by the tab. Pictures in test-results/screens/90-*.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ask } from './support/ask.js';
import { launchWithExtension, screenshot, SCREENSHOTS, SIZES, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const PASSWORD = 'long names make wide rows';
const unbroken = (stem: string, length: number) => stem.repeat(Math.ceil(length / stem.length)).slice(0, length);
const LONG = {
  name: unbroken('Production_billing_pipeline_OpenAI_key_', 190),
  provider: unbroken('an-unusually-long-provider-name-', 100),
  environment: unbroken('production-eu-west-', 50),
  tags: [unbroken('tag-without-spaces-', 50), unbroken('second_tag_', 50), unbroken('x', 50)],
  url: `https://example.com/${unbroken('a-very-long-path/', 600)}`,
  notes: `Rotate with the team. ${unbroken('a_note_word_that_never_ends_', 400)}`,
};
const LONG_VALUE = unbroken('sk-live-0123456789abcdefABCDEF', 1_500);
const SHORT = ['Stripe test', 'GitHub deploy'];
const NARROW = { width: 700, height: 800 };

/** A local vault holding the long key and two ordinary ones, in a popup of its real size. */
async function longVault(): Promise<Page> {
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await ask(popup, { type: 'create-local', password: PASSWORD });
  await ask(popup, { type: 'add', fields: LONG, value: LONG_VALUE });
  for (const name of SHORT) await ask(popup, { type: 'add', fields: { name, provider: 'stripe', environment: 'test' }, value: `${name}-value-0123456789abcdef` });
  await popup.reload();
  await expect(keyRows(popup)).toHaveCount(3);
  return popup;
}

const keyRows = (page: Page) => page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
const longRow = (page: Page) => page.getByRole('list', { name: 'Keys' }).locator('.item', { hasText: LONG.name.slice(0, 30) });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });
const keyHeading = (page: Page) => page.getByRole('heading', { level: 2, name: LONG.name });

/**
 * Everything that sticks out: the page wider than the window, or an element of a card (a row, a panel,
 * a pane, the key's details) past its card's edges. One line per offender, to say what and where.
 */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) found.push(`page: ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
    const cards = document.querySelectorAll<HTMLElement>('main.app, .key-row, .panel, .pane, .empty, dl, .value-history li, .nav');
    for (const card of cards) {
      const edge = card.getBoundingClientRect();
      for (const el of card.querySelectorAll<HTMLElement>('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || el.closest('.sr-only')) continue;
        if (box.right > edge.right + 1 || box.left < edge.left - 1) {
          found.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.left)}–${Math.round(box.right)}) out of ${card.tagName.toLowerCase()}.${card.className} (${Math.round(edge.left)}–${Math.round(edge.right)})`);
        }
      }
      if (card.scrollWidth > card.clientWidth + 1 && getComputedStyle(card).overflowX === 'visible') found.push(`${card.className}: content ${card.scrollWidth} px in ${card.clientWidth} px`);
    }
    return [...new Set(found)];
  });
}

async function shots(page: Page, name: string, size: keyof typeof SIZES | typeof NARROW): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    if (typeof size === 'string') await screenshot(page, `${name}-${scheme}`, { size, scheme });
    else {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('very long names, providers, tags and values stay inside their cards: popup, two panes and a narrow tab', async () => {
  const popup = await longVault();
  expect(await overflows(popup)).toEqual([]);
  await shots(popup, '90-popup-list', 'popup');
  await longRow(popup).locator('..').getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(LONG_VALUE);
  expect(await overflows(popup)).toEqual([]);
  await longRow(popup).click();
  await expect(keyHeading(popup)).toBeFocused();
  await popup.getByRole('button', { name: 'Reveal', exact: true }).first().click();
  await expect(popup.getByText(LONG_VALUE)).toBeVisible();
  expect(await overflows(popup)).toEqual([]);
  await shots(popup, '90-popup-key', 'popup');
  await nav(popup, 'Settings').click();
  await expect(popup.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  expect(await overflows(popup)).toEqual([]);
  await shots(popup, '90-popup-settings', 'popup');
  await nav(popup, 'Audit').click();
  await expect(popup.getByRole('table').first()).toBeVisible();
  expect(await overflows(popup)).toEqual([]);
  await shots(popup, '90-popup-audit', 'popup');

  const tab = await browser.openTab();
  await nav(tab, 'Keys').click();
  await expect(keyRows(tab)).toHaveCount(3);
  await expect(tab.getByRole('region', { name: 'Key details' })).toContainText('No key chosen.');
  expect(await overflows(tab)).toEqual([]);
  await shots(tab, '90-tab-list', 'tab');
  await longRow(tab).click();
  await expect(keyHeading(tab)).toBeFocused();
  // Side by side: the list is still there, beside the key.
  await expect(keyRows(tab)).toHaveCount(3);
  await tab.getByRole('region', { name: 'Key details' }).getByRole('button', { name: 'Reveal', exact: true }).first().click();
  await expect(tab.getByText(LONG_VALUE)).toBeVisible();
  expect(await overflows(tab)).toEqual([]);
  await shots(tab, '90-tab-key', 'tab');

  // A narrow tab: one column, as the popup.
  await tab.setViewportSize(NARROW);
  await expect(tab.getByRole('region', { name: 'Key details' })).toHaveCount(0);
  await expect(keyHeading(tab)).toBeVisible();
  await expect(keyRows(tab)).toHaveCount(0);
  expect(await overflows(tab)).toEqual([]);
  await shots(tab, '90-narrow-key', NARROW);
  await tab.keyboard.press('Escape');
  await expect(keyRows(tab)).toHaveCount(3);
  expect(await overflows(tab)).toEqual([]);
  await shots(tab, '90-narrow-list', NARROW);
  for (const [section, heading] of [['Overview', 'Overview'], ['Settings', 'Settings'], ['Audit', /^Audit log/]] as const) {
    await tab.setViewportSize(SIZES.tab);
    await nav(tab, section).click();
    await expect(tab.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
    expect(await overflows(tab)).toEqual([]);
    await shots(tab, `90-tab-${section.toLowerCase()}`, 'tab');
  }
});

test('two panes by keyboard: a key opens beside the list with focus on its name, Escape returns to its row, a reload shows the same key', async () => {
  await longVault();
  const tab = await browser.openTab();
  await nav(tab, 'Keys').click();
  await tab.getByRole('searchbox', { name: 'Search keys' }).focus();
  await tab.keyboard.press('ArrowDown');
  await tab.keyboard.press('ArrowDown');
  const second = keyRows(tab).nth(1).locator('.item');
  await expect(second).toBeFocused();
  const name = (await second.locator('.name').textContent()) ?? '';
  await tab.keyboard.press('Enter');
  const details = tab.getByRole('region', { name: 'Key details' });
  await expect(details.getByRole('heading', { level: 2, name })).toBeFocused();
  expect(new URL(tab.url()).hash).toMatch(/^#key=[\w-]+\/[\w-]+$/);
  await tab.keyboard.press('Escape');
  await expect(second).toBeFocused();
  await expect(details).toContainText('No key chosen.');
  expect(new URL(tab.url()).hash).toBe('');

  // Another key, from its row; then the address keeps it across a reload.
  await tab.keyboard.press('ArrowDown');
  await tab.keyboard.press('Enter');
  const third = (await keyRows(tab).nth(2).locator('.name').textContent()) ?? '';
  await expect(details.getByRole('heading', { level: 2, name: third })).toBeFocused();
  await tab.reload();
  await expect(tab.getByRole('region', { name: 'Key details' }).getByRole('heading', { level: 2, name: third })).toBeVisible();
  await expect(keyRows(tab)).toHaveCount(3);
});

test('the popup nav at 380 px: every section in view and reached with Tab, Settings included', async () => {
  const popup = await longVault();
  const settings = nav(popup, 'Settings');
  const box = await settings.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x + box!.width).toBeLessThanOrEqual(SIZES.popup.width);
  expect(await overflows(popup)).toEqual([]);
  await nav(popup, 'Import/Export').focus();
  await popup.keyboard.press('Tab');
  await expect(settings).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
});

test('Dark in Settings makes the popup dark, stays dark in the next popup whatever the system says, and the tab follows', async () => {
  const popup = await longVault();
  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await popup.emulateMedia({ colorScheme: 'light' });
  const light = await background(popup);
  expect(light).toBe('rgb(255, 255, 255)');
  const tab = await browser.openTab();
  await tab.emulateMedia({ colorScheme: 'light' });

  await nav(popup, 'Settings').click();
  const appearance = popup.getByRole('region', { name: 'Appearance' });
  await appearance.getByText('Dark', { exact: true }).click();
  await expect(appearance.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect.poll(() => background(popup)).toBe('rgb(18, 20, 24)');
  await expect.poll(() => background(tab)).toBe('rgb(18, 20, 24)');
  await shots(popup, '90-popup-settings-dark-chosen', 'popup');

  await popup.close();
  // Dark from the first paint: the theme is on <html> when <body> is parsed, before the app's module
  // (deferred, run after parsing) could set it: /theme-boot.js did, from the page's own files.
  await browser.context.addInitScript(() => {
    const seen = new MutationObserver(() => {
      if (!document.body) return;
      (window as unknown as { themeAtBody?: string }).themeAtBody = document.documentElement.dataset.theme ?? 'none';
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  });
  const again = await browser.openPopup();
  await again.emulateMedia({ colorScheme: 'light' });
  expect(await again.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe('dark');
  expect(await background(again)).toBe('rgb(18, 20, 24)');

  // Light wins over a dark system too; System follows it again.
  await nav(again, 'Settings').click();
  await again.emulateMedia({ colorScheme: 'dark' });
  await again.getByRole('region', { name: 'Appearance' }).getByText('Light', { exact: true }).click();
  await expect.poll(() => background(again)).toBe('rgb(255, 255, 255)');
  await again.getByRole('region', { name: 'Appearance' }).getByText('System', { exact: true }).click();
  await expect.poll(() => background(again)).toBe('rgb(18, 20, 24)');
});
