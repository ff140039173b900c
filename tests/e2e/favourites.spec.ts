/**
 * Favourites, sorting and provider logos in the popup and the full-tab page, as a person notices them:
 * a starred key moves to the top (from its row by keyboard, and from its page), stays there when the
 * popup opens again, and goes back to its place when unstarred; the Sort menu is reachable by keyboard
 * and orders names naturally (key_5 before key_129) and by soonest expiry; a known provider's row shows
 * its logo, an unknown one its initials. Pictures: test-results/screens/favourites-*.
 */
import { expect, test, type Page } from '@playwright/test';
import { ask } from './support/ask.js';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const KEYS = [
  { name: 'key_129', provider: '', expiresAt: inDays(40), value: 'plain-key-129-0123456789abcdefghij' },
  { name: 'Key_5', provider: '', expiresAt: null, value: 'plain-key-5-0123456789abcdefghijkl' },
  { name: 'GitHub deploy', provider: 'github', expiresAt: inDays(5), value: 'ghp_deploy0123456789abcdefghijklmnopqr' },
  { name: 'Stripe live', provider: 'stripe', expiresAt: null, value: 'sk_live_0123456789abcdefghijklmnop' },
  { name: 'Acme internal', provider: 'acme', expiresAt: inDays(-2), value: 'acme-internal-0123456789abcdefghij' },
];

async function fill(page: Page): Promise<void> {
  await ask(page, { type: 'create-local', password: 'favourite keys test password' });
  for (const k of KEYS) await ask(page, { type: 'add', fields: { name: k.name, provider: k.provider, expiresAt: k.expiresAt }, value: k.value });
  await page.reload();
}

const list = (page: Page) => page.getByRole('list', { name: 'Keys' });
const shownNames = (page: Page) => list(page).locator('.name').allTextContents();
const row = (page: Page, name: string) => list(page).getByRole('listitem').filter({ has: page.locator('.name', { hasText: name }) });
/** A row's star: a toggle named "Favourite", described by the key's name. */
const star = (page: Page, name: string) => row(page, name).getByRole('button', { name: 'Favourite', exact: true });

test('star a key by keyboard and from its page: it comes first, stays first in a new popup, and goes back when unstarred', async () => {
  test.setTimeout(90_000);
  let popup = await browser.openPopup();
  await popup.setViewportSize({ width: 380, height: 600 });
  await fill(popup);
  await expect(list(popup).getByRole('listitem')).toHaveCount(KEYS.length);
  // Natural order, case aside: Key_5 before key_129.
  expect(await shownNames(popup)).toEqual(['Acme internal', 'GitHub deploy', 'Key_5', 'key_129', 'Stripe live']);

  // Logos: a known provider's row has its logo (decorative), an unknown one its initials.
  await expect(row(popup, 'GitHub deploy').locator('.avatar.logo[aria-hidden="true"] svg path')).toHaveCount(1);
  await expect(row(popup, 'GitHub deploy').locator('.avatar')).toHaveAttribute('data-logo', 'GitHub');
  await expect(row(popup, 'Acme internal').locator('.avatar')).toHaveText('AC');
  await expect(row(popup, 'Acme internal').locator('.avatar svg')).toHaveCount(0);

  // Keyboard: search box, down to Stripe live's row, Tab past Reveal and Copy to its star, Space.
  await popup.getByRole('searchbox', { name: 'Search keys' }).focus();
  for (let i = 0; i < 5; i++) await popup.keyboard.press('ArrowDown');
  await expect(list(popup).getByRole('button', { name: /^Stripe live/ })).toBeFocused();
  await popup.keyboard.press('Tab');
  await popup.keyboard.press('Tab');
  await popup.keyboard.press('Tab');
  const stripe = star(popup, 'Stripe live');
  await expect(stripe).toBeFocused();
  await expect(stripe).toHaveAccessibleDescription('Stripe live');
  await expect(stripe).toHaveAttribute('aria-pressed', 'false');
  await expect(stripe).toHaveAttribute('title', 'Add Stripe live to favourites');
  await popup.keyboard.press('Space');
  await expect(stripe).toHaveAttribute('aria-pressed', 'true');
  await expect(stripe).toHaveAttribute('title', 'Remove Stripe live from favourites');
  // The row moved to the top, and focus went with its star.
  await expect.poll(() => shownNames(popup)).toEqual(['Stripe live', 'Acme internal', 'GitHub deploy', 'Key_5', 'key_129']);
  await expect(stripe).toBeFocused();

  // A new popup: still first, still starred.
  await popup.close();
  popup = await browser.openPopup();
  await popup.setViewportSize({ width: 380, height: 600 });
  await expect.poll(() => shownNames(popup)).toEqual(['Stripe live', 'Acme internal', 'GitHub deploy', 'Key_5', 'key_129']);
  await expect(star(popup, 'Stripe live')).toHaveAttribute('aria-pressed', 'true');

  // From the key's page: star GitHub deploy, back to the list: both favourites first, in name order.
  await list(popup).getByRole('button', { name: /^GitHub deploy/ }).click();
  await expect(popup.getByRole('heading', { name: 'GitHub deploy' })).toBeFocused();
  await expect(popup.locator('.item-title .avatar.logo')).toHaveAttribute('data-logo', 'GitHub');
  const pageStar = popup.getByRole('button', { name: 'Favourite', exact: true });
  await expect(pageStar).toHaveAccessibleDescription('GitHub deploy');
  await pageStar.click();
  await expect(pageStar).toHaveAttribute('aria-pressed', 'true');
  await screenshot(popup, 'favourites-popup-key-light', { size: 'popup', scheme: 'light' });
  await screenshot(popup, 'favourites-popup-key-dark', { size: 'popup', scheme: 'dark' });
  await popup.emulateMedia({ colorScheme: 'light' });
  await popup.keyboard.press('Escape');
  await expect.poll(() => shownNames(popup)).toEqual(['GitHub deploy', 'Stripe live', 'Acme internal', 'Key_5', 'key_129']);
  await screenshot(popup, 'favourites-popup-list-light', { size: 'popup', scheme: 'light' });
  await screenshot(popup, 'favourites-popup-list-dark', { size: 'popup', scheme: 'dark' });
  await popup.emulateMedia({ colorScheme: 'light' });

  // Unstar from the row: Stripe live goes back to its place by name.
  await star(popup, 'Stripe live').click();
  await expect.poll(() => shownNames(popup)).toEqual(['GitHub deploy', 'Acme internal', 'Key_5', 'key_129', 'Stripe live']);
  await expect(star(popup, 'Stripe live')).toHaveAttribute('aria-pressed', 'false');
  await expect(star(popup, 'Stripe live')).toBeFocused();

  // The full-tab page lists the same favourites.
  const tab = await browser.openTab();
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys', exact: true }).click();
  await expect.poll(() => shownNames(tab)).toEqual(['GitHub deploy', 'Acme internal', 'Key_5', 'key_129', 'Stripe live']);
  await screenshot(tab, 'favourites-tab-light', { size: 'tab', scheme: 'light' });
  await screenshot(tab, 'favourites-tab-dark', { size: 'tab', scheme: 'dark' });
});

test('the Sort menu by keyboard: expiring soonest, by provider, remembered, favourites first in each', async () => {
  test.setTimeout(60_000);
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 380, height: 600 });
  await fill(popup);
  await expect(list(popup).getByRole('listitem')).toHaveCount(KEYS.length);
  const sort = popup.getByRole('combobox', { name: 'Sort' });
  await expect(sort.getByRole('option')).toHaveText(['Sort by name', 'Recently changed first', 'Sort by provider', 'Expiring soonest first']);

  // Focus the menu and choose with the arrow keys (a native select: what a keyboard user does).
  await sort.focus();
  for (let i = 0; i < 3; i++) await popup.keyboard.press('ArrowDown');
  await expect(sort).toHaveValue('expiring');
  await expect(sort).toBeFocused();
  // Expired first, then the soonest; keys that never expire last, by name.
  await expect.poll(() => shownNames(popup)).toEqual(['Acme internal', 'GitHub deploy', 'key_129', 'Key_5', 'Stripe live']);

  await star(popup, 'Key_5').click();
  await expect.poll(() => shownNames(popup)).toEqual(['Key_5', 'Acme internal', 'GitHub deploy', 'key_129', 'Stripe live']);

  await sort.selectOption('provider');
  await expect.poll(() => shownNames(popup)).toEqual(['Key_5', 'Acme internal', 'GitHub deploy', 'Stripe live', 'key_129']);
  await popup.reload();
  await expect(popup.getByRole('combobox', { name: 'Sort' })).toHaveValue('provider');
  await expect.poll(() => shownNames(popup)).toEqual(['Key_5', 'Acme internal', 'GitHub deploy', 'Stripe live', 'key_129']);
});
