/**
 * The Firefox lane: the MV2 build (.output/firefox-mv2) in Debian's Firefox ESR, headless, driven by
 * puppeteer-core over WebDriver BiDi (Playwright's Firefox needs its own patched build). The pitfalls
 * worked around here are in ../shared/notes/toolchain.md: extension pages are reached with the
 * browsing context's own navigate (page.goto never resolves for them), and their origin is pinned.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type ElementHandle, type Page } from 'puppeteer-core';
import { SAVE_SELECTION_MENU, type ExtensionDriver, type LaunchOptions, type SelectionMenuGlobal } from './driver.js';
import { firefoxLayer } from './firefox-layer.js';
import { Screen, type PageAdapter } from './screen.js';

const EXTENSION = join(import.meta.dirname, '../../../.output/firefox-mv2');
const GECKO_ID = 'keyhaven@keyhaven.dev';
/** The moz-extension:// origin is random per profile unless pinned. */
const UUID = '5d7c6f2e-8b1a-4c3d-9e0f-a1b2c3d4e5f6';
const ORIGIN = `moz-extension://${UUID}`;

/** What an extension page's `browser` offers the lane (an extension page's global; untyped in Node). */
interface TabsGlobal {
  browser: { tabs: { create(p: { url: string; active: boolean }): Promise<unknown> }; extension: { getBackgroundPage(): Window } };
}

type Context = { browsingContext: { navigate(url: string, wait: string): Promise<void>; reload(o: object): Promise<void> } };
const context = (page: Page) => (page.mainFrame() as unknown as Context).browsingContext;

/** Playwright's key names ("ControlOrMeta+a") pressed with puppeteer's keyboard. */
async function press(page: Page, combo: string): Promise<void> {
  const keys = combo.split('+').map((k) => (k === 'ControlOrMeta' ? 'Control' : k)) as Parameters<Page['keyboard']['press']>[0][];
  const key = keys.pop()!;
  for (const m of keys) await page.keyboard.down(m);
  await page.keyboard.press(key);
  for (const m of keys.reverse()) await page.keyboard.up(m);
}

function adapt(page: Page, extensionPage: boolean): PageAdapter {
  return {
    run: async <T>(expression: string) => (await page.evaluate(expression)) as T,
    async element(expression) {
      const handle = await page.evaluateHandle(expression);
      const element = handle.asElement() as ElementHandle<Element> | null;
      if (!element) {
        await handle.dispose();
        return null;
      }
      return {
        click: () => element.click(),
        // As a person replaces a field's text: select it all, then type (or delete). Setting `value` from a
        // script would be lost on React's controlled inputs, which is what puppeteer's own fill does.
        async fill(value) {
          await element.focus();
          await element.evaluate((el) => (el as HTMLInputElement).select());
          if (value === '') await page.keyboard.press('Backspace');
          else await page.keyboard.type(value);
        },
        select: async (value) => void (await element.select(value)),
        upload: (path) => (element as ElementHandle<HTMLInputElement>).uploadFile(path),
      };
    },
    press: (key) => press(page, key),
    type: (text) => page.keyboard.type(text),
    async screenshot(path, size, scheme) {
      await page.setViewport(size);
      // puppeteer emulates media only over CDP, which Firefox does not speak: a "dark" picture would be light.
      if (scheme) throw new Error('the Firefox lane cannot emulate a colour scheme; take dark pictures in the Chromium lane');
      await page.screenshot({ path });
    },
    reload: () => (extensionPage ? context(page).reload({ wait: 'complete' }) : page.reload().then(() => undefined)),
    front: () => page.bringToFront(),
    layer: async () => firefoxLayer(page),
    async frameLayer() {
      const frame = page.mainFrame().childFrames()[0];
      if (!frame) throw new Error('the page has no frame');
      return firefoxLayer(page, frame);
    },
    close: () => page.close(),
  };
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<ExtensionDriver> {
  const downloads = mkdtempSync(join(tmpdir(), 'keyhaven-ff-downloads-'));
  const proxy = options.dashboards?.proxyPort;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // Without it Firefox refuses to navigate to moz-extension:// over BiDi.
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // The doorhanger for an optional permission ("Watch this site") cannot be clicked over BiDi: with
      // this off Firefox grants what is asked, as the person's "Allow" would (see allowSite).
      'extensions.webextOptionalPermissionPrompts': false,
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      // The dashboards' host names go to the local HTTPS server through its CONNECT proxy (Firefox
      // has no --host-resolver-rules); the sync server on 127.0.0.1 is never proxied.
      ...(proxy ? { 'network.proxy.type': 1, 'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': proxy } : {}),
    },
  });
  await browser.installExtension(EXTENSION);

  const openExtensionPage = async (path: string, size?: { width: number; height: number }) => {
    const page = await browser.newPage();
    if (size) await page.setViewport(size);
    await context(page).navigate(`${ORIGIN}/${path}`, 'complete');
    return page;
  };
  // One of the extension's pages, kept open for what only they may do (read the clipboard, list views).
  let helper: Page | null = null;
  const helperPage = async () => (helper ??= await openExtensionPage('popup.html'));

  const pages = new WeakMap<Screen, Page>();
  const screen = (page: Page, extensionPage: boolean) => {
    const s = new Screen(adapt(page, extensionPage));
    pages.set(s, page);
    return s;
  };
  /** The tab the extension opens next (tabs.create), once its page has loaded: BiDi reports no navigation for it. */
  const openedByExtension = async (action: () => Promise<void>): Promise<Page> => {
    const before = new Set(await browser.pages());
    await action();
    const end = Date.now() + 10_000;
    for (;;) {
      for (const page of await browser.pages()) {
        if (before.has(page)) continue;
        const loaded = await page.evaluate(() => document.readyState === 'complete' && location.protocol === 'moz-extension:').catch(() => false);
        if (loaded) return page;
      }
      if (Date.now() > end) throw new Error('the extension opened no page within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    lane: 'firefox',
    openPopup: async () => screen(await openExtensionPage('popup.html'), true),
    openTab: async () => screen(await openExtensionPage('vault.html', { width: 1200, height: 800 }), true),
    async openPage(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return screen(page, false);
    },
    // MV2's background page is persistent: Firefox never suspends it.
    idleBackground: async () => undefined,
    // The toolbar popup is not a browsing context BiDi lists; the extension's own pages see it among their views.
    popupsOpen: async () =>
      (await helperPage()).evaluate(() =>
        (globalThis as unknown as { browser: { extension: { getViews(): Window[] } } }).browser.extension.getViews().filter((v) => v !== window && v.location.pathname === '/popup.html').length,
      ),
    clipboard: async () => (await helperPage()).evaluate(() => navigator.clipboard.readText()),
    setClipboard: async (text) => void (await (await helperPage()).evaluate((t) => navigator.clipboard.writeText(t), text)),
    async download(_on, action) {
      const before = new Set(readdirSync(downloads));
      await action();
      const end = Date.now() + 10_000;
      for (;;) {
        const done = readdirSync(downloads).find((f) => !before.has(f) && !f.endsWith('.part') && statSync(join(downloads, f)).size > 0);
        if (done) return join(downloads, done);
        if (Date.now() > end) throw new Error('no download arrived within 10 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async openPopupOver(site) {
      const helper = await helperPage(); // opened first: a new tab becomes the active one
      await pages.get(site)!.bringToFront();
      return screen(await openedByExtension(async () => void (await helper.evaluate((url) => (globalThis as unknown as TabsGlobal).browser.tabs.create({ url, active: false }), `${ORIGIN}/popup.html`))), true);
    },
    // Firefox asks nothing for an optional host while `extensions.webextOptionalPermissionPrompts` is off
    // (set at launch): every site is allowed as the person would allow it. It still refuses a request that
    // no click in the page led to, so that part is tested as it is.
    allowSite: async () => undefined,
    async saveSelection(on) {
      const page = pages.get(on)!;
      const info = { menuItemId: SAVE_SELECTION_MENU, selectionText: await page.evaluate(() => getSelection()?.toString() ?? ''), pageUrl: await page.evaluate(() => location.href), editable: false };
      const helper = await helperPage();
      // MV2: the background is a page, and the extension's other pages reach its global.
      const call = (i: typeof info) => ((globalThis as unknown as TabsGlobal).browser.extension.getBackgroundPage() as unknown as SelectionMenuGlobal).keyhavenSelectionMenu(i);
      return screen(await openedByExtension(async () => void (await helper.evaluate(call, info))), true);
    },
    async close() {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}
