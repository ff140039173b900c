/** The Chromium lane: the MV3 build in Debian's Chromium, through Playwright (support/extension.ts). */
import type { Page } from '@playwright/test';
import { launchWithExtension } from '../support/extension.js';
import { Layer } from '../support/layer.js';
import { SAVE_SELECTION_MENU, type ExtensionDriver, type LaunchOptions, type SelectionMenuGlobal } from './driver.js';
import { Screen, type PageAdapter } from './screen.js';

function adapt(page: Page): PageAdapter {
  return {
    run: (expression) => page.evaluate(expression),
    async element(expression) {
      const handle = await page.evaluateHandle<Node | null>(expression);
      const el = handle.asElement();
      if (!el) {
        await handle.dispose();
        return null;
      }
      return {
        click: () => el.click(),
        fill: (value) => el.fill(value),
        select: async (value) => void (await el.selectOption(value)),
        upload: (path) => el.setInputFiles(path),
      };
    },
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    async screenshot(path, size, scheme) {
      await page.setViewportSize(size);
      if (scheme) await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path });
    },
    reload: async () => void (await page.reload()),
    front: () => page.bringToFront(),
    layer: () => Layer.of(page),
    async frameLayer() {
      const frame = page.mainFrame().childFrames()[0];
      if (!frame) throw new Error('the page has no frame');
      // A frame of another site runs in a process of its own, with its own DevTools session; a frame of
      // the page's own site is read through the page's.
      return Layer.ofFrame(page, frame).catch(() => Layer.of(page, 'frame'));
    },
    close: () => page.close(),
  };
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ExtensionDriver> {
  const browser = await launchWithExtension({ args: options.dashboards?.chromiumArgs });
  const pages = new WeakMap<Screen, Page>();
  const screen = (page: Page) => {
    const s = new Screen(adapt(page));
    pages.set(s, page);
    return s;
  };
  return {
    lane: 'chromium',
    openPopup: async () => screen(await browser.openPopup()),
    openTab: async () => screen(await browser.openTab()),
    async openPage(url) {
      const page = await browser.context.newPage();
      await page.goto(url);
      return screen(page);
    },
    idleBackground: () => browser.stopWorker(),
    // Playwright does not hand over the toolbar popup; DevTools still lists it.
    async popupsOpen() {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const cdp = await browser.context.newCDPSession(page);
      const { targetInfos } = await cdp.send('Target.getTargets');
      await cdp.detach();
      return targetInfos.filter((t) => t.url.endsWith('/popup.html')).length;
    },
    clipboard: () => browser.clipboard(),
    setClipboard: (text) => browser.setClipboard(text),
    async download(on, action) {
      const download = pages.get(on)!.waitForEvent('download');
      await action();
      return (await download).path();
    },
    openPopupOver: async (site) => screen(await browser.openPopupOver(pages.get(site)!)),
    // Where chrome://extensions grants a site (its site-access settings); the extension's request for it
    // is then answered without a prompt (docs/decisions.md #103).
    async allowSite(host) {
      const page = await browser.context.newPage();
      await page.goto('chrome://extensions/');
      await page.evaluate(
        ([id, origin]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id!, origin!),
        [browser.extensionId, `https://${host}/*`],
      );
      await page.close();
    },
    async saveSelection(on) {
      const page = pages.get(on)!;
      const info = { menuItemId: SAVE_SELECTION_MENU, selectionText: await page.evaluate(() => getSelection()?.toString() ?? ''), pageUrl: page.url(), editable: false };
      const opened = browser.context.waitForEvent('page');
      const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
      await worker.evaluate((i) => (globalThis as unknown as SelectionMenuGlobal).keyhavenSelectionMenu(i), info);
      const form = await opened;
      await form.waitForLoadState();
      return screen(form);
    },
    close: () => browser.close(),
  };
}
