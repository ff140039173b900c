/**
 * The bench row the issue asks for beside "popup opened to a usable list": the popup opened over a
 * provider's dashboard to the first row of "For this site", in a vault of 1 000 keys, ten of them saved
 * from that site's address. The dashboard is served locally under its real host name (as in the e2e
 * specs: tests/e2e/support/dashboards.ts) and the popup opened over it the way those specs do (a tab of
 * the same window that is not made active). Baselines in the same browser and run: the same popup over
 * the same tab while locked (its page, script and first requests), and unlocked over a site no key
 * belongs to, to its first list row (what the section adds).
 */
import type { Page } from '@playwright/test';
import { startDashboards } from '../e2e/support/dashboards.js';
import { launchWithExtension, type ExtensionBrowser } from '../e2e/support/extension.js';
import { ask, median, PASSWORD, RUNS, timed, type ExtensionRow } from './extension-page.js';

const KEYS = 1_000;
const SITE_KEYS = 10;
const SITE = 'platform.openai.com';
const ELSEWHERE = 'news.example.org';

/** The worker knows which site the tab shows once the dashboard's content script said hello. */
async function siteKnown(browser: ExtensionBrowser): Promise<void> {
  const worker = browser.context.serviceWorkers()[0]!;
  for (let tries = 0; tries < 100; tries++) {
    const keys = await worker.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<object> } } } }).chrome.storage.session.get(null)));
    if (keys.some((k) => k.startsWith('keyhaven-tab:'))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench: the dashboard tab was never told to the worker');
}

async function reopen(popup: Page, browser: ExtensionBrowser, until: () => Promise<unknown>): Promise<number> {
  return timed(async () => {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await until();
  });
}

export async function benchSiteRow(): Promise<ExtensionRow[]> {
  const dashboards = await startDashboards([SITE, ELSEWHERE]);
  const browser = await launchWithExtension({ args: dashboards.chromiumArgs });
  try {
    const setup = await browser.openPopup();
    await ask(setup, { type: 'create-local', password: PASSWORD });
    const env = Array.from({ length: KEYS - SITE_KEYS }, (_, i) => `KEY_${String(i).padStart(5, '0')}=value-${i}-${crypto.randomUUID()}`).join('\n');
    await ask(setup, { type: 'import', format: 'env', text: env, environment: 'production' });
    for (let i = 0; i < SITE_KEYS; i++) await ask(setup, { type: 'add', fields: { name: `Site key ${i}`, url: `https://${SITE}/api-keys` }, value: `site-key-${i}-${crypto.randomUUID()}` });
    await setup.close();

    const dashboard = await browser.context.newPage();
    await dashboard.goto(dashboards.page(SITE, '/api-keys', '<h1>API keys</h1>'));
    await siteKnown(browser);
    const over = await browser.openPopupOver(dashboard);
    const firstSiteRow = over.getByRole('list', { name: `For this site (${SITE})` }).getByRole('listitem').first();
    await firstSiteRow.waitFor(); // the first open builds the index and seals it
    const siteRow: number[] = [];
    for (let i = 0; i < RUNS; i++) siteRow.push(await reopen(over, browser, () => firstSiteRow.waitFor()));

    const news = await browser.context.newPage();
    await news.goto(dashboards.page(ELSEWHERE, '/', '<h1>News</h1>'));
    const overNews = await browser.openPopupOver(news);
    const firstRow = overNews.locator(`ul[aria-label="Keys"] > li[aria-setsize="${KEYS}"]`).first();
    await firstRow.waitFor();
    const noSite: number[] = [];
    for (let i = 0; i < RUNS; i++) noSite.push(await reopen(overNews, browser, () => firstRow.waitFor()));
    await overNews.close();

    await ask(over, { type: 'lock' });
    const locked: number[] = [];
    for (let i = 0; i < RUNS; i++) locked.push(await reopen(over, browser, () => over.getByLabel('Password').waitFor()));

    const name = 'popup over a provider site to its first "For this site" row (unlocked)';
    return [
      { name, keys: KEYS, keyhavenMs: median(siteRow), baselineMs: median(locked), baseline: 'the same popup over the same tab, locked (page, script, first requests)' },
      { name, keys: KEYS, keyhavenMs: median(siteRow), baselineMs: median(noSite), baseline: `the same popup over a site no key belongs to, to its first list row (${SITE_KEYS} of the keys are the site's)` },
    ];
  } finally {
    await browser.close();
    await dashboards.close();
  }
}
