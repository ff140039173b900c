/**
 * A real Chromium with the built extension loaded, a fresh profile per test. The extension id depends
 * on the extension's path, so it is read from the service worker rather than hard-coded.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';

const ROOT = join(import.meta.dirname, '../../..');
const EXTENSION = join(ROOT, '.output/chrome-mv3');
export const SCREENSHOTS = join(ROOT, 'test-results/screens');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  openPopup(): Promise<Page>;
  /**
   * The popup as if opened over `tab`: popup.html in a tab of the same window that is not made active,
   * so `tab` stays the window's active tab, which is what the popup asks the browser for. (A test cannot
   * click the toolbar button, and Playwright cannot reach a popup opened by action.openPopup().)
   */
  openPopupOver(tab: Page): Promise<Page>;
  /** The full-tab page (vault.html), in a wide window. */
  openTab(): Promise<Page>;
  /** Stops the extension's service worker, as the browser does when it is idle; the next message starts a new one. */
  stopWorker(): Promise<void>;
  /** What the system clipboard holds (read from a plain page, not through the extension). */
  clipboard(): Promise<string>;
  setClipboard(text: string): Promise<void>;
  close(): Promise<void>;
}

/** `args`: extra Chromium switches (the dashboard tests map provider hosts to a local server). */
export async function launchWithExtension(options: { args?: string[] } = {}): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--no-sandbox',
      '--disable-gpu',
      // Without these Chromium keeps trying to reach the (closed) network.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // The test reads the clipboard from the extension's own origin, where the manifest grants clipboardRead.
  let reader: Page | null = null;
  const clipboardPage = async () => {
    if (!reader) {
      reader = await context.newPage();
      // Not offscreen.html: that page would clear the clipboard itself and hide a broken offscreen document.
      await reader.goto(`chrome-extension://${extensionId}/popup.html`);
    }
    await reader.bringToFront();
    return reader;
  };
  return {
    context,
    extensionId,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    async openPopupOver(tab) {
      await tab.bringToFront();
      const opened = context.waitForEvent('page');
      const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      await sw.evaluate((url) => (globalThis as unknown as { chrome: { tabs: { create(p: { url: string; active: boolean }): Promise<unknown> } } }).chrome.tabs.create({ url, active: false }), `chrome-extension://${extensionId}/popup.html`);
      const popup = await opened;
      await popup.waitForLoadState();
      return popup;
    },
    async openTab() {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1200, height: 800 });
      await page.goto(`chrome-extension://${extensionId}/vault.html`);
      return page;
    },
    async stopWorker() {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      // Proof that it really stopped: Chromium reports the extension's worker version as stopped.
      const stopped = new Promise<void>((resolve) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'stopped')) resolve();
        }),
      );
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      await page.close();
    },
    async clipboard() {
      return (await clipboardPage()).evaluate(() => navigator.clipboard.readText());
    },
    async setClipboard(text) {
      await (await clipboardPage()).evaluate((t) => navigator.clipboard.writeText(t), text);
    },
    close: () => context.close(),
  };
}

/** The popup's size in Chromium (its largest is 800 × 600; KeyHaven's is 380 wide) and a laptop's tab. */
export const SIZES = { popup: { width: 380, height: 600 }, tab: { width: 1200, height: 800 } } as const;

/**
 * A picture in test-results/screens. Without options at the size the early specs used (400 × 560);
 * `size` picks the popup's or the tab's, and `scheme` the colour scheme, which stays emulated afterwards.
 */
export async function screenshot(page: Page, name: string, options: { size?: keyof typeof SIZES; scheme?: 'light' | 'dark' } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(options.size ? SIZES[options.size] : { width: 400, height: 560 });
  if (options.scheme) await page.emulateMedia({ colorScheme: options.scheme });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
