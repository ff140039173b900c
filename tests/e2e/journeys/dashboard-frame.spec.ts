/**
 * A dashboard that shows a new key inside one of its own frames (an embedded settings panel, decision
 * 103): the frame gets KeyHaven's save prompt as the page does. The background lets a frame in only when
 * the page around it is a dashboard or a watched site too, and learns that page from the browser: Chrome
 * names the tab's address with every message; Firefox does not, on a dashboard KeyHaven holds no host
 * permission for, so it goes by the tab's top page as the browser reported it when that page said hello.
 * Keys are made at test time. Both lanes.
 */
import { CATALOGUE } from '../../../shared/index.js';
import { fakeKey } from '../../support/fake-keys.js';
import { createLocalVault } from '../lanes/account.js';
import { expect, test } from '../lanes/lane.js';
import { role } from '../lanes/screen.js';

const PASSWORD = 'dashboard frame passphrase';
const DASHBOARD = 'platform.openai.com';
const OTHER_DASHBOARD = 'github.com';
const EVIL = 'evil.attacker.dev';
/**
 * Long enough for a content script to have shown its prompt, had it been let in: a frame waits up to
 * 3 s for its page's hello (TOP_HELLO_WAIT_MS) and then shows a prompt within a second.
 */
const SETTLE_MS = 5_000;
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

test("a key shown in a dashboard's own frame is offered for saving, as on the page", async ({ lane }) => {
  const dashboards = await lane.dashboards([DASHBOARD, OTHER_DASHBOARD, EVIL]);
  const browser = await lane.launch();
  await createLocalVault(browser, PASSWORD);

  const framed = dashboards.page(DASHBOARD, '/settings/frame', `<p>Service account key</p><pre>${key('openai', 'project')}</pre>`);
  const page = await browser.openPage(dashboards.page(DASHBOARD, '/settings', `<h1>Settings</h1><iframe src="${framed}" width="700" height="300"></iframe>`));
  await page.expectVisible(role('heading', 'Settings'));
  const frameLayer = await page.frameLayer();
  await expect.poll(() => frameLayer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  expect(await frameLayer.text()).toContain('OpenAI');
  await lane.screenshot(page, '45-dashboard-frame-prompt', { size: 'page' });
});

test('a dashboard framed by another dashboard gets the prompt; framed by a page KeyHaven does not run on, nothing', async ({ lane }) => {
  const dashboards = await lane.dashboards([DASHBOARD, OTHER_DASHBOARD, EVIL]);
  const browser = await lane.launch();
  await createLocalVault(browser, PASSWORD);
  const framed = dashboards.page(DASHBOARD, '/embedded', `<p>Your new key</p><pre>${key('openai', 'project')}</pre>`);
  const framing = (host: string, heading: string) => dashboards.page(host, '/frame-it', `<h1>${heading}</h1><iframe src="${framed}" width="700" height="300"></iframe>`);

  // The control case: both pages are dashboards KeyHaven runs on.
  const own = await browser.openPage(framing(OTHER_DASHBOARD, 'Integrations'));
  await own.expectVisible(role('heading', 'Integrations'));
  const ownLayer = await own.frameLayer();
  await expect.poll(() => ownLayer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');

  // A hostile page framing the dashboard to lay a decoy over Save (decision 103) gets nothing to click.
  const hostile = await browser.openPage(framing(EVIL, 'Win a prize'));
  await hostile.expectVisible(role('heading', 'Win a prize'));
  const hostileLayer = await hostile.frameLayer();
  await hostile.wait(SETTLE_MS);
  // The frame did load (its request is in the page's resource timing): the empty layer is the refusal, not a missing frame.
  expect(await hostile.run((url) => performance.getEntriesByType('resource').some((e) => e.name === url), framed)).toBe(true);
  expect(await hostileLayer.text()).toBe('');
});
