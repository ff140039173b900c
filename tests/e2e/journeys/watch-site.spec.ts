/**
 * "Watch this site" as a person does it (docs/decisions.md #103): a site KeyHaven does not know shows
 * nothing of KeyHaven; Settings → Watched sites → Watch asks the browser for that one site, the person
 * allows it, and the tab already open on it gets the save prompt at once, without a reload; a new page
 * there too. Given back, a reloaded page gets nothing. The click on Watch is a real click: Firefox
 * refuses a permission request that no click led to. Keys are made at test time. Both lanes.
 */
import { CATALOGUE } from '../../../shared/index.js';
import { fakeKey } from '../../support/fake-keys.js';
import { createLocalVault } from '../lanes/account.js';
import { expect, test } from '../lanes/lane.js';
import { button, label, role, text } from '../lanes/screen.js';

const PASSWORD = 'watch journey passphrase';
const HOST = 'keys.acme-internal.dev';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);
/** Long enough for a content script to have shown its prompt, had it run (it shows one within a second). */
const SETTLE_MS = 2_000;

test('a site the person allows is watched at once in its open tab, and not once given back', async ({ lane }) => {
  const dashboards = await lane.dashboards([HOST]);
  const browser = await lane.launch();
  await createLocalVault(browser, PASSWORD);

  const first = key('openai', 'project');
  const site = await browser.openPage(dashboards.page(HOST, '/tokens', `<h1>Tokens</h1><p>Your new token:</p><pre>${first}</pre>`));
  const layer = await site.layer();
  await site.expectVisible(role('heading', 'Tokens'));
  await site.wait(SETTLE_MS);
  expect(await layer.text()).toBe(''); // not a site KeyHaven knows

  await browser.allowSite(HOST);
  const tab = await browser.openTab();
  await tab.click(button('Settings'));
  const watched = tab.within(role('region', 'Watched sites'));
  await watched.fill(label('Site address'), HOST);
  await watched.click(button('Watch'));
  await watched.expectText(role('list', 'Sites KeyHaven watches'), new RegExp(HOST));
  await watched.expectCount(role('alert'), 0);
  await lane.screenshot(tab, '40-watched-site', { size: 'tab' });

  // The tab that was already open: KeyHaven starts there without a reload.
  await expect.poll(() => layer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  // And a page opened now, through the script registered for the site.
  const second = key('anthropic', 'api');
  const more = await browser.openPage(dashboards.page(HOST, '/more', `<p>Another one:</p><pre>${second}</pre>`));
  const moreLayer = await more.layer();
  await expect.poll(() => moreLayer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  await moreLayer.click('Save to KeyHaven');
  await expect.poll(() => moreLayer.text()).toContain('Saved to KeyHaven');

  // Given back: the list says so, and a reloaded page shows nothing of KeyHaven.
  await watched.click(button(`Stop watching ${HOST}`));
  await watched.expectVisible(text('No other sites yet.'));
  await more.reload();
  await more.expectVisible(text('Another one:'));
  await more.wait(SETTLE_MS);
  expect(await (await more.layer()).text()).toBe('');
});
