/**
 * "Watch this site": a site that is not one of the dashboards KeyHaven knows gets the save prompt only
 * after the person allows it (for that host only), in its frames too, at once in the tab already open;
 * giving the site back stops it. Keys are made at test time.
 */
import { expect, test, type Locator } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import type { Dashboards } from './support/dashboards.js';
import { createLocalVault, useDashboardBrowser } from './support/dashboard-browser.js';
import { type ExtensionBrowser } from './support/extension.js';
import { Layer } from './support/layer.js';

const PASSWORD = 'watch test passphrase';
const HOST = 'keys.acme-internal.dev';
const EVIL = 'evil.attacker.dev';
const DASHBOARD = 'platform.openai.com';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

let dashboards: Dashboards;
let browser: ExtensionBrowser;

useDashboardBrowser([HOST, EVIL, DASHBOARD], (d, b) => {
  dashboards = d;
  browser = b;
});

const createVault = () => createLocalVault(browser, PASSWORD);

/**
 * The person allows `host` when the browser asks. A test cannot click the browser's own prompt, so the
 * same grant is made where the browser's site-access settings make it; the request then needs no prompt.
 */
async function allowInBrowser(host: string): Promise<void> {
  const extensions = await browser.context.newPage();
  await extensions.goto('chrome://extensions/');
  await extensions.evaluate(([id, origin]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id!, origin!), [browser.extensionId, `https://${host}/*`]);
  await extensions.close();
}

/** Settings → Watched sites, on the full-tab page. */
async function watchedSites(): Promise<Locator> {
  const settings = await browser.openTab();
  await settings.getByRole('button', { name: 'Settings' }).click();
  return settings.getByRole('region', { name: 'Watched sites' });
}

test('a site the person allows is watched, its frames too, and stops being watched when given back', async () => {
  await createVault();

  dashboards.page(HOST, '/frame', `<p>Service token</p><pre>${key('github', 'classic-pat')}</pre>`);
  const url = dashboards.page(HOST, '/keys', `<h1>Keys</h1><p>Your new key</p><pre>${key('openai', 'project')}</pre><iframe src="/frame" width="600" height="260"></iframe>`);
  const site = await browser.context.newPage();
  const layer = await Layer.of(site);
  const frameLayer = await Layer.of(site, 'frame');
  await site.goto(url);
  await expect(site.frameLocator('iframe').getByText('Service token')).toBeVisible();
  await site.waitForTimeout(1_500);
  expect(await layer.text()).toBe(''); // not a dashboard KeyHaven knows, not allowed: nothing runs here

  await allowInBrowser(HOST);
  const watched = await watchedSites();
  await expect(watched.getByText('No other sites yet.')).toBeVisible();
  await watched.getByLabel('Site address').fill('ftp://example.org');
  await watched.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(watched.getByRole('alert')).toContainText('Only HTTPS sites can be watched');
  await watched.getByLabel('Site address').fill(`https://${HOST}/keys?tab=1`);
  await watched.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(watched.getByRole('list', { name: 'Sites KeyHaven watches' })).toContainText(HOST);
  await expect(watched.getByRole('alert')).toHaveCount(0);
  await watched.screenshot({ path: 'test-results/screens/60-watched-sites.png' });

  // The tab already open is watched at once, the page and its frame.
  await expect.poll(() => layer.text()).toContain('Save this key to KeyHaven?');
  expect(await layer.text()).toContain('OpenAI');
  await expect.poll(() => frameLayer.text()).toContain('GitHub');
  await site.screenshot({ path: 'test-results/screens/61-watched-site-prompt.png' });

  // Given back: the list empties and a fresh load of the site runs nothing.
  await watched.getByRole('button', { name: `Stop watching ${HOST}` }).click();
  await expect(watched.getByText('No other sites yet.')).toBeVisible();
  await site.reload();
  await expect(site.frameLocator('iframe').getByText('Service token')).toBeVisible();
  await site.waitForTimeout(1_500);
  expect(await layer.text()).toBe('');
});

test('a page KeyHaven does not watch cannot frame a dashboard to get its save prompt; a watched page can', async () => {
  await createVault();
  const framed = dashboards.page(DASHBOARD, '/search', `<p>Your new key</p><pre>${key('openai', 'project')}</pre>`);
  const framing = (host: string) => dashboards.page(host, '/frame-it', `<h1>Win a prize</h1><iframe src="${framed}" width="700" height="300"></iframe>`);
  const frameLayer = async (url: string) => {
    const page = await browser.context.newPage();
    await page.goto(url);
    const frame = page.frames().find((f) => f.url() === framed)!;
    await expect(frame.getByText('Your new key')).toBeVisible();
    return { page, layer: await Layer.ofFrame(page, frame) };
  };

  // Watched: the dashboard framed by the person's own admin page gets the prompt (the control case).
  await allowInBrowser(HOST);
  const watched = await watchedSites();
  await watched.getByLabel('Site address').fill(HOST);
  await watched.getByRole('button', { name: 'Watch', exact: true }).click();
  await expect(watched.getByRole('list', { name: 'Sites KeyHaven watches' })).toContainText(HOST);
  const own = await frameLayer(framing(HOST));
  await expect.poll(() => own.layer.text()).toContain('Save this key to KeyHaven?');

  // Not watched: the same dashboard framed by someone else's page shows nothing to click.
  const hostile = await frameLayer(framing(EVIL));
  await hostile.page.waitForTimeout(1_500);
  expect(await hostile.layer.text()).toBe('');
});
