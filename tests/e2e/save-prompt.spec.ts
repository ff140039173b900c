/**
 * The in-page "Save to KeyHaven" prompt as a person sees it on a dashboard (support/dashboards.ts):
 * placed beside the key, never over the key or the page's own Copy and Done, inside the window; after
 * saving it says "Saved", has nothing left to press and goes away; a page's word-breaking rules do not
 * reach into it ("a nd"); and axe finds nothing serious in it. Pictures: test-results/screens/81-*.
 */
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import { ask } from './support/ask.js';
import { seriousViolations } from './support/axe.js';
import type { Dashboards } from './support/dashboards.js';
import { useDashboardBrowser } from './support/dashboard-browser.js';
import { SCREENSHOTS, type ExtensionBrowser } from './support/extension.js';
import { Layer } from './support/layer.js';

const HOSTS = ['github.com', 'platform.openai.com'];
const VIEW = { width: 900, height: 500 };
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

let dashboards: Dashboards;
let browser: ExtensionBrowser;
useDashboardBrowser(HOSTS, (d, b) => {
  dashboards = d;
  browser = b;
});

async function vault(locked = false): Promise<void> {
  const popup = await browser.openPopup();
  await ask(popup, { type: 'create-local', password: 'a prompt that stays out of the way' });
  if (locked) await ask(popup, { type: 'lock' });
  await popup.close();
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The prompt's box, checked against the page's key and controls and the window. */
async function expectClear(page: Page, layer: Layer, ...selectors: string[]): Promise<void> {
  await expect.poll(() => layer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  const [panel] = await layer.boxes();
  for (const selector of selectors) expect(overlaps(panel!, (await page.locator(selector).boundingBox())!), `the prompt covers ${selector}`).toBe(false);
  expect(panel!.x).toBeGreaterThanOrEqual(0);
  expect(panel!.y).toBeGreaterThanOrEqual(0);
  expect(panel!.x + panel!.width).toBeLessThanOrEqual(VIEW.width);
  expect(panel!.y + panel!.height).toBeLessThanOrEqual(VIEW.height);
}

test('beside the key, off its Copy and Done buttons, in the window; after saving: "Saved", nothing to press, then gone', async () => {
  await vault();
  const page = await browser.context.newPage();
  await page.setViewportSize(VIEW);
  const layer = await Layer.of(page);
  // GitHub's layout: the token, and under it the page's own Copy and Done, where "below" used to land.
  await page.goto(dashboards.page('github.com', '/settings/tokens/new', `
    <div style="width: 560px; margin: 40px auto; font: 14px sans-serif">
      <p>Make sure to copy your personal access token now. You won't be able to see it again!</p>
      <div><code id="token">${key('github', 'classic-pat')}</code></div>
      <div style="margin-top: 6px"><button id="copy">Copy</button> <a id="done" href="#">Done</a></div>
    </div>`));
  await expectClear(page, layer, '#token', '#copy', '#done');
  await page.screenshot({ path: `${SCREENSHOTS}/81-save-prompt-beside.png` });

  await layer.click('Save to KeyHaven');
  await expect.poll(() => layer.text()).toContain('Saved to KeyHaven as "GitHub classic PAT key');
  expect(await layer.disabled('Saved')).toBe(true);
  expect(await layer.disabled('Not now')).toBe(true);
  expect(await layer.disabled('Name')).toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}/81-save-prompt-saved.png` });
  await expect.poll(() => layer.text(), { timeout: 5_000 }).toBe('');

  // A key at the bottom of the window: the prompt goes above it, still clear of Copy.
  await page.goto(dashboards.page('github.com', '/settings/tokens/low', `
    <div style="height: 400px"></div>
    <div style="font: 14px sans-serif"><code id="low">${key('github', 'fine-grained-pat')}</code> <button id="copy-low">Copy</button></div>`));
  await expectClear(page, layer, '#low', '#copy-low');
  await page.screenshot({ path: `${SCREENSHOTS}/81-save-prompt-above.png` });
});

test('locked, on a page that breaks every word: the prompt keeps its own words whole, and axe finds nothing serious in it', async () => {
  await vault(true);
  const page = await browser.context.newPage();
  await page.setViewportSize(VIEW);
  const layer = await Layer.of(page);
  await page.goto(dashboards.page('platform.openai.com', '/api-keys', `
    <style>* { word-break: break-all !important; hyphens: auto !important; letter-spacing: 3px; text-transform: uppercase; }</style>
    <h1>API keys</h1><p>Your new key:</p><input readonly size="70" id="key" value="${key('openai', 'project')}"> <button id="copy">Copy</button>`));
  await expectClear(page, layer, '#key', '#copy');
  expect(await layer.text()).toContain('KeyHaven is locked: unlock it in the popup and the key is saved.');
  for (const [property, value] of [['word-break', 'normal'], ['hyphens', 'manual'], ['letter-spacing', 'normal'], ['text-transform', 'none']] as const) {
    expect(await layer.style('.panel p', property), property).toBe(value);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/81-save-prompt-locked.png` });

  // axe cannot enter a closed shadow root: the prompt's own markup and styles, on a page of their own.
  const markup = await layer.markup();
  for (const scheme of ['light', 'dark'] as const) {
    const copy = await browser.context.newPage();
    await copy.emulateMedia({ colorScheme: scheme });
    await copy.setContent(`<!doctype html><html lang="en"><head><title>Save prompt</title></head><body><main>${markup}</main></body></html>`);
    expect(await seriousViolations(copy)).toEqual([]);
    await copy.close();
  }
});

test('the prompt takes the theme chosen in Settings, whatever the page and the system say', async () => {
  await vault();
  const setTheme = async (theme: string) => {
    const popup = await browser.openPopup();
    await popup.evaluate((t) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ 'keyhaven-ui-theme': t }), theme);
    await popup.close();
  };
  const page = await browser.context.newPage();
  await page.setViewportSize(VIEW);
  const layer = await Layer.of(page);
  const show = async (scheme: 'light' | 'dark') => {
    await page.emulateMedia({ colorScheme: scheme });
    // A white page that says it is dark, so the page's own scheme cannot be what the prompt follows.
    await page.goto(dashboards.page('platform.openai.com', '/api-keys', `
      <meta name="color-scheme" content="dark"><div style="background: #fff; color: #000; padding: 40px"><p>Your new key:</p>
      <input readonly size="70" id="key" value="${key('openai', 'project')}"> <button id="copy">Copy</button></div>`));
    await expectClear(page, layer, '#key', '#copy');
  };
  const DARK = 'rgb(18, 20, 24)';
  const LIGHT = 'rgb(255, 255, 255)';

  await show('light');
  await expect.poll(() => layer.style('.panel', 'background-color')).toBe(LIGHT);
  await show('dark');
  await expect.poll(() => layer.style('.panel', 'background-color')).toBe(DARK);
  await page.screenshot({ path: `${SCREENSHOTS}/81-save-prompt-dark.png` });

  await setTheme('light');
  await show('dark');
  await expect.poll(() => layer.style('.panel', 'background-color')).toBe(LIGHT);
  // A change reaches a prompt already on the page.
  await setTheme('dark');
  await expect.poll(() => layer.style('.panel', 'background-color')).toBe(DARK);
  expect(await layer.style('.panel p', 'color')).toBe('rgb(163, 171, 184)');
  const font = await layer.style('.panel', 'font-family');

  // A page that sets every token it can name, on every element and the host too: the prompt does not
  // change (a white-on-white prompt could hide its Save; a font of the page's could read names).
  await page.addStyleTag({ content: '* { --fg: #fff !important; --bg: #fff !important; --muted: #fff !important; --accent-fill: #fff !important; --font: serif !important; --text-md: 1px !important; }' });
  await page.evaluate(() => document.documentElement.lastElementChild?.setAttribute('style', '--fg: #fff; --bg: #fff; --font: serif'));
  expect(await layer.style('.panel', 'background-color')).toBe(DARK);
  expect(await layer.style('.panel p', 'color')).toBe('rgb(163, 171, 184)');
  expect(await layer.style('.panel', 'font-family')).toBe(font);
  expect(await layer.style('.panel', 'font-size')).toBe('13px');
});
