/**
 * A browser with the built extension installed, as a journey sees it: the same calls whether it is
 * Chromium (Playwright, the MV3 build) or Firefox ESR (puppeteer over WebDriver BiDi, the MV2 build).
 */
import type { Screen } from './screen.js';

export type LaneName = 'chromium' | 'firefox';

/** The context-menu item's id (extension/background/selection.ts). */
export const SAVE_SELECTION_MENU = 'keyhaven-save-selection';
/** The menu's click handler, on the background's own global (no page or content script reaches it). */
export interface SelectionMenuGlobal {
  keyhavenSelectionMenu(info: { menuItemId: string; selectionText: string; pageUrl: string; editable: boolean }): Promise<void>;
}

export interface ExtensionDriver {
  readonly lane: LaneName;
  /** The popup's page (popup.html) in a tab: a test cannot click the toolbar button. */
  openPopup(): Promise<Screen>;
  /** The full-tab page (vault.html), in a wide window. */
  openTab(): Promise<Screen>;
  /** A web page; with the dashboards, the providers' host names reach the local copies. */
  openPage(url: string): Promise<Screen>;
  /**
   * What the browser does to an idle background: Chromium stops the MV3 service worker, and the next
   * message starts a new one. Firefox's MV2 background page is persistent: there is nothing to stop.
   */
  idleBackground(): Promise<void>;
  /**
   * How many of the extension's popups are open: the toolbar popup where the browser's protocol lists it,
   * or the small window that stands in for it (popup.html pages the test opened itself count too).
   */
  popupsOpen(): Promise<number>;
  /** What the system clipboard holds (read from one of the extension's pages, which may read it). */
  clipboard(): Promise<string>;
  setClipboard(text: string): Promise<void>;
  /** Runs `action` on `screen` and returns the path of the file it downloaded. */
  download(screen: Screen, action: () => Promise<void>): Promise<string>;
  /**
   * The popup as if opened over `site`, but without the toolbar click (a test cannot make it, and it would
   * lend KeyHaven the tab's address through activeTab): popup.html in a background tab of the same window,
   * so `site` stays the active tab the popup asks the browser about.
   */
  openPopupOver(site: Screen): Promise<Screen>;
  /**
   * The person answers "Allow" when KeyHaven asks the browser for `host` (a test cannot click the
   * browser's own prompt). The request itself still has to come from a click in KeyHaven's page.
   */
  allowSite(host: string): Promise<void>;
  /**
   * The person picks "Save selection to KeyHaven" in the context menu over the text selected in `page`.
   * A test cannot open the browser's own menu, so the background's handler is given what the click
   * passes (the menu item, the selected text, the page's address). Returns the page the extension opened.
   */
  saveSelection(page: Screen): Promise<Screen>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Provider host names the local HTTPS dashboards answer for (support/dashboards.ts). */
  dashboards?: { chromiumArgs: string[]; proxyPort: number };
}
