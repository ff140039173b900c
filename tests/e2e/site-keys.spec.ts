/**
 * The popup over a site, the keyboard shortcut, and "Save selection to KeyHaven", in Chromium with the
 * built extension. Sites are served locally under their real host names (support/dashboards.ts).
 * - Over a provider's dashboard the popup shows that provider's keys first, in "For this site", with the
 *   list's own row actions and keyboard; over a watched site, the keys saved from it; over a site no key
 *   belongs to, no section. The popup is opened in a background tab of the site's window
 *   (openPopupOver): the site stays the active tab, and the address is learnt the way it is without a
 *   toolbar click (a test cannot click it): from the content script's hello on a dashboard, from the host
 *   permission on a watched site.
 * - The context menu: Playwright cannot open the browser's native context menu, so the test selects text
 *   in the page and calls the menu's handler in the worker itself with what the click would pass.
 * Keys are made at test time.
 */
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import type { Dashboards } from './support/dashboards.js';
import { createLocalVault, useDashboardBrowser } from './support/dashboard-browser.js';
import { screenshot, type ExtensionBrowser } from './support/extension.js';

const PASSWORD = 'site keys test passphrase';
const DASHBOARD = 'platform.openai.com';
const ADMIN = 'keys.acme-internal.dev';
const NEWS = 'news.example.org';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

let dashboards: Dashboards;
let browser: ExtensionBrowser;

useDashboardBrowser([DASHBOARD, ADMIN, NEWS], (d, b) => {
  dashboards = d;
  browser = b;
});

const createVault = () => createLocalVault(browser, PASSWORD);

/** Through the popup's own protocol (the add form is driven by the context-menu test below). */
async function addKey(popup: Page, fields: { name: string; provider?: string; url?: string }, value: string): Promise<void> {
  const answer = await popup.evaluate(([f, v]) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({ type: 'add', fields: f, value: v }), [fields, value] as const);
  expect(answer.ok).toBe(true);
}

const worker = () => browser.context.serviceWorkers()[0]!;
/** What the background keeps in storage.session (the unlocked key aside), to see what is kept and what is gone. */
const sessionKeys = () => worker().evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<object> } } } }).chrome.storage.session.get(null)));

async function openSite(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** Settings → Watched sites → Watch, after the browser's own grant (as in watch-site.spec.ts). */
async function watch(host: string): Promise<void> {
  const extensions = await browser.context.newPage();
  await extensions.goto('chrome://extensions/');
  await extensions.evaluate(([id, origin]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id!, origin!), [browser.extensionId, `https://${host}/*`]);
  await extensions.close();
  const tab = await browser.openTab();
  await tab.getByRole('button', { name: 'Settings' }).click();
  const watched = tab.getByRole('region', { name: 'Watched sites' });
  await watched.getByLabel('Site address').fill(host);
  await watched.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(watched.getByRole('list', { name: 'Sites KeyHaven watches' })).toContainText(host);
  await tab.close();
}

test("the popup over a site shows that site's keys first, with the list's actions; elsewhere no section", async () => {
  const popup = await createVault();
  const openai = key('openai', 'project');
  await addKey(popup, { name: 'OpenAI prod', provider: 'openai' }, openai);
  await addKey(popup, { name: 'Admin panel token', url: `https://${ADMIN}/tokens` }, 'admin-token-made-for-this-test-0001');
  await addKey(popup, { name: 'Stripe live', provider: 'stripe' }, key('stripe', 'secret-live'));
  await popup.close();

  // A dashboard: the content script's hello tells the background which page the tab shows.
  const dashboard = await openSite(dashboards.page(DASHBOARD, '/api-keys', '<h1>API keys</h1>'));
  await expect.poll(async () => (await sessionKeys()).some((k) => k.startsWith('keyhaven-tab:'))).toBe(true);
  const over = await browser.openPopupOver(dashboard);
  const section = over.getByRole('region', { name: `For this site (${DASHBOARD})` });
  await expect(section.getByRole('list', { name: `For this site (${DASHBOARD})` }).getByRole('listitem')).toHaveCount(1);
  await expect(section).toContainText('OpenAI prod');
  await expect(section).not.toContainText('Stripe live');
  // First: above the whole list, which still has every key.
  const all = over.getByRole('list', { name: 'Keys', exact: true });
  await expect(all.getByRole('listitem')).toHaveCount(3);
  expect((await section.boundingBox())!.y).toBeLessThan((await all.boundingBox())!.y);
  await expect(over.getByRole('heading', { name: 'All keys' })).toBeVisible();

  // The rows are the list's: Reveal and Copy, and the keyboard from the search box down into the list.
  await section.getByRole('button', { name: 'Reveal' }).click();
  await expect(section.getByLabel('Key value')).toHaveText(openai);
  await expect(all.getByLabel('Key value')).toHaveCount(0);
  await section.getByRole('button', { name: 'Copy' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  await over.getByRole('searchbox', { name: 'Search keys' }).focus();
  await over.keyboard.press('ArrowDown');
  await expect(section.getByRole('button', { name: /OpenAI prod/ }).first()).toBeFocused();
  await over.keyboard.press('ArrowDown');
  await expect(all.getByRole('button', { name: /Admin panel token/ }).first()).toBeFocused();
  await over.keyboard.press('ArrowUp');
  await expect(section.getByRole('button', { name: /OpenAI prod/ }).first()).toBeFocused();
  // Enter opens the key; Escape comes back to its row in this section, not to its row in the list.
  await over.keyboard.press('Enter');
  await expect(over.getByRole('heading', { name: 'OpenAI prod' })).toBeFocused();
  await over.keyboard.press('Escape');
  await expect(section.getByRole('button', { name: /OpenAI prod/ }).first()).toBeFocused();
  // Typing a search: the results are the list, and the section steps aside.
  await over.getByRole('searchbox', { name: 'Search keys' }).fill('stripe');
  await expect(section).toHaveCount(0);
  await over.getByRole('searchbox', { name: 'Search keys' }).fill('');
  await expect(section).toBeVisible();
  // A new search is a new list: the value revealed before it is masked again (as in the list).
  await expect(section.getByLabel('Key value')).toHaveCount(0);
  await over.bringToFront();
  for (const scheme of ['light', 'dark'] as const) {
    await over.emulateMedia({ colorScheme: scheme });
    await screenshot(over, `70-site-keys-${scheme}`, { size: 'popup' });
  }
  await over.close();

  // A watched site: its address is KeyHaven's to see, and the key saved from it comes first.
  await watch(ADMIN);
  await watch(NEWS);
  const admin = await openSite(dashboards.page(ADMIN, '/settings', '<h1>Settings</h1>'));
  const overAdmin = await browser.openPopupOver(admin);
  await expect(overAdmin.getByRole('region', { name: `For this site (${ADMIN})` })).toContainText('Admin panel token');
  // Opened locked: the site is found with the first list after unlocking, and the section is there.
  await overAdmin.getByRole('button', { name: 'Lock' }).click();
  const lockedOver = await browser.openPopupOver(admin);
  await lockedOver.getByLabel('Password').fill(PASSWORD);
  await lockedOver.getByRole('button', { name: 'Unlock' }).click();
  await expect(lockedOver.getByRole('region', { name: `For this site (${ADMIN})` })).toContainText('Admin panel token');
  await lockedOver.close();

  // A site no key belongs to: the list as always, no section and no "All keys" heading.
  const news = await openSite(dashboards.page(NEWS, '/today', '<h1>News</h1>'));
  const overNews = await browser.openPopupOver(news);
  await expect(overNews.getByRole('list', { name: 'Keys', exact: true }).getByRole('listitem')).toHaveCount(3);
  await expect(overNews.getByRole('region', { name: /For this site/ })).toHaveCount(0);
  await expect(overNews.getByRole('heading', { name: 'All keys' })).toHaveCount(0);
});

test('"Save selection to KeyHaven": unlock first, then the add form has the text, guessed, and saving stores it', async () => {
  const popup = await createVault();
  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible();

  const selected = key('openai', 'project');
  const page = await openSite(dashboards.page(NEWS, '/post', `<p>Here is the key we made:</p><p id="k">${selected}</p>`));
  await page.evaluate(() => getSelection()!.selectAllChildren(document.getElementById('k')!));
  const selectionText = await page.evaluate(() => getSelection()!.toString());
  expect(selectionText).toBe(selected);

  // What the browser passes the menu's click handler (Playwright cannot click the native context menu).
  const opened = browser.context.waitForEvent('page');
  await worker().evaluate(
    ([text, pageUrl]) => (globalThis as unknown as { keyhavenSelectionMenu(info: object, tab?: object): Promise<void> }).keyhavenSelectionMenu({ menuItemId: 'keyhaven-save-selection', selectionText: text, pageUrl, editable: false }),
    [selectionText, `https://${NEWS}/post?session=not-for-keyhaven#top`] as const,
  );
  const form = await opened;
  // The token is in the address, never the text, and leaves it as the page opens.
  expect(form.url()).toMatch(/\/vault\.html\?take=[A-Za-z0-9_-]{43}$/);
  expect(form.url()).not.toContain(selected.slice(8, 20));
  await expect(form.getByRole('status').filter({ hasText: 'Unlock KeyHaven to save the text you selected' })).toBeVisible();
  await expect.poll(() => form.evaluate(() => location.search)).toBe('');
  for (const scheme of ['light', 'dark'] as const) {
    await form.emulateMedia({ colorScheme: scheme });
    await screenshot(form, `71-selection-unlock-first-${scheme}`, { size: 'popup' });
  }
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Unlock' }).click();

  await expect(form.getByRole('heading', { name: 'Add a key' })).toBeVisible();
  await expect(form.getByLabel('Value', { exact: true })).toHaveValue(selected);
  await expect(form.getByLabel('Provider')).toHaveValue('openai');
  await expect(form.getByText('Looks like an OpenAI project key.')).toBeVisible();
  await expect(form.getByLabel('Dashboard URL')).toHaveValue(`https://${NEWS}/post`);
  await expect(form.getByLabel('Name')).toBeFocused();
  // Handed over once: the background keeps nothing any more.
  expect(await sessionKeys()).not.toContain('keyhaven-selection');
  for (const scheme of ['light', 'dark'] as const) {
    await form.emulateMedia({ colorScheme: scheme });
    await screenshot(form, `71-selection-add-form-${scheme}`, { size: 'popup' });
  }
  await form.emulateMedia({ colorScheme: 'light' });

  await form.getByLabel('Name').fill('OpenAI from the post');
  await form.getByRole('button', { name: 'Save' }).click();
  const row = form.getByRole('list', { name: 'Keys', exact: true }).getByRole('listitem').filter({ hasText: 'OpenAI from the post' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Reveal' }).click();
  await expect(row.getByLabel('Key value')).toHaveText(selected);

  // A second try with the same token finds nothing: it was taken.
  await form.goto(`chrome-extension://${browser.extensionId}/vault.html?take=${'A'.repeat(43)}`);
  await expect(form.getByRole('alert')).toContainText('no longer kept');
});

test('a keyboard shortcut opens the popup: Ctrl+Shift+K by default, shown in Settings with where to change it', async () => {
  const manifest = await worker().evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { commands?: unknown } } } }).chrome.runtime.getManifest().commands);
  expect(manifest).toEqual({ _execute_action: { suggested_key: { default: 'Ctrl+Shift+K', mac: 'Command+Shift+K' } } });
  // The browser took it (no other extension or browser shortcut had it).
  const commands = await worker().evaluate(() => (globalThis as unknown as { chrome: { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } } }).chrome.commands.getAll());
  expect(commands.find((c) => c.name === '_execute_action')?.shortcut).toBe('Ctrl+Shift+K');

  const popup = await createVault();
  await popup.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  const panel = popup.getByRole('region', { name: 'Keyboard shortcut' });
  await expect(panel).toContainText('Open KeyHaven: Ctrl+Shift+K');
  const link = panel.getByRole('link', { name: /chrome:\/\/extensions\/shortcuts/ });
  await expect(link).toHaveAttribute('href', 'chrome://extensions/shortcuts');
  await panel.scrollIntoViewIfNeeded();
  for (const scheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme: scheme });
    await screenshot(popup, `72-shortcut-settings-${scheme}`, { size: 'popup' });
  }
  const opened = browser.context.waitForEvent('page');
  await link.click();
  expect((await opened).url()).toBe('chrome://extensions/shortcuts');
});
