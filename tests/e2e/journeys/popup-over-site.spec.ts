/**
 * The popup over a site (docs/decisions.md #108): over a provider's dashboard it shows that provider's
 * keys first, in "For this site"; over a site no key belongs to, the list as always. The popup is opened
 * without the toolbar click (a test cannot make it), so the browser does not lend KeyHaven the tab's
 * address: over the dashboard the background knows the site from the content script's hello, as it
 * does when the save prompt opens the popup. Keys are made at test time. Both lanes.
 */
import { CATALOGUE } from '../../../shared/index.js';
import { fakeKey } from '../../support/fake-keys.js';
import { addKey, createLocalVault } from '../lanes/account.js';
import { test } from '../lanes/lane.js';
import { role, text } from '../lanes/screen.js';

const PASSWORD = 'popup over a site passphrase';
const DASHBOARD = 'platform.openai.com';
const NEWS = 'news.example.org';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);
/** The content script says hello as the page settles; a person opens the popup after that. */
const SETTLE_MS = 1_000;

test("the popup over a provider's dashboard shows that provider's keys first; elsewhere the list as always", async ({ lane }) => {
  const dashboards = await lane.dashboards([DASHBOARD, NEWS]);
  const browser = await lane.launch();
  const popup = await createLocalVault(browser, PASSWORD);
  await addKey(popup, { name: 'OpenAI prod', value: key('openai', 'project') });
  await addKey(popup, { name: 'Stripe live', value: key('stripe', 'secret-live') });
  await popup.close();

  const dashboard = await browser.openPage(dashboards.page(DASHBOARD, '/api-keys', '<h1>API keys</h1>'));
  await dashboard.expectVisible(role('heading', 'API keys'));
  await dashboard.wait(SETTLE_MS);
  const over = await browser.openPopupOver(dashboard);
  const section = role('region', `For this site (${DASHBOARD})`);
  await over.expectVisible(section);
  await over.within(section).expectCount(role('listitem'), 1);
  await over.within(section).expectText(role('listitem'), /OpenAI prod/);
  await over.expectVisible(role('heading', 'All keys'));
  await over.within(role('list', 'Keys')).expectCount(role('listitem'), 2);
  await lane.screenshot(over, '41-popup-over-dashboard', { size: 'popup' });
  await over.close();

  const news = await browser.openPage(dashboards.page(NEWS, '/today', '<h1>News</h1>'));
  await news.expectVisible(role('heading', 'News'));
  const overNews = await browser.openPopupOver(news);
  await overNews.within(role('list', 'Keys')).expectCount(role('listitem'), 2);
  await overNews.expectCount(role('region', /For this site/), 0);
  await overNews.expectNoText('All keys');
  await overNews.expectVisible(text(/Stripe live/));
});
