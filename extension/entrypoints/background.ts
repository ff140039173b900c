/** The background: wiring only (the work is in background/). */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { KeyHavenDatabase } from '../db/database.js';
import { AUTO_LOCK_ALARM, browserPorts } from '../background/browser-ports.js';
import { routeContent } from '../background/content-router.js';
import { route } from '../background/router.js';
import { addSelectionMenu, dropStaleSelection, keepSelection, SELECTION_ALARM } from '../background/selection.js';
import { VaultService } from '../background/vault-service.js';
import { refuseSender } from '../sites/content-sender.js';
import { checkingTopPage, forgetTab, framingPage, rememberTabPage } from '../sites/tab-site.js';
import { reconcileWatchedSites, startWatching } from '../sites/watched-sites.js';

export default defineBackground(() => {
  // Session storage stays out of content scripts' reach (Chrome's default; said here so it stays so).
  void browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  const service = new VaultService(new KeyHavenDatabase(), browserPorts());
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return false;
    // The content script on a web page: its own narrow protocol, with the tab's URL as the browser reports it.
    if (sender.tab?.id !== undefined && sender.url && /^https?:/.test(sender.url)) {
      const tabId = sender.tab.id;
      const page = { tabId, frameId: sender.frameId ?? 0, url: new URL(sender.url) };
      const url = sender.url;
      const tabUrl = sender.tab.url;
      // A frame's page, when the browser does not name it (Firefox on a dashboard): the top page's hello.
      const framing = tabUrl !== undefined || page.frameId === 0 ? Promise.resolve(tabUrl) : framingPage(tabId);
      const admitted = framing
        .then((framedBy) => refuseSender({ url, frameId: sender.frameId, tabUrl: framedBy }))
        .then(async (refused) => {
          // Where the popup's "For this site" (and a frame's check) learns the tab's page when the browser hides its address.
          if (!refused) await rememberTabPage(message, { tabId, frameId: page.frameId, url, documentId: sender.documentId }).catch(() => undefined);
          return refused;
        });
      checkingTopPage(message, page, admitted);
      void admitted
        .then((refused) => (refused ? { ok: false as const, error: { code: 'not-watched', message: refused } } : routeContent(service, message, page)))
        .then(sendResponse);
      return true;
    }
    // The extension's own pages (popup, full-tab page) talk to the vault; the offscreen clipboard page does not.
    if (sender.url?.endsWith('/offscreen.html')) return false;
    void route(service, message).then(sendResponse);
    return true; // the answer comes asynchronously
  });
  // Watched sites follow the granted permissions, however they were granted or removed.
  // A grant also starts the script in the site's open tabs (the popup that asked may have closed).
  const reconcile = () => void reconcileWatchedSites().catch(() => undefined);
  browser.permissions.onAdded.addListener(({ origins = [] }) => void Promise.all(origins.map((o) => startWatching(o).catch(() => undefined))));
  browser.permissions.onRemoved.addListener(reconcile);
  reconcile();
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId).catch(() => undefined));
  // "Save selection to KeyHaven" on selected text: the text goes to the add form, kept a minute at most.
  void addSelectionMenu().catch(() => undefined);
  browser.contextMenus.onClicked.addListener((info, tab) => void keepSelection(info, tab).catch(() => undefined));
  // On the worker's own global, which no page or content script can reach: browser tests call the
  // menu's handler here, as Playwright cannot open the browser's context menu.
  Object.assign(globalThis, { keyhavenSelectionMenu: keepSelection });
  void dropStaleSelection().catch(() => undefined);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void service.lockIfDue();
    if (alarm.name === SELECTION_ALARM) void dropStaleSelection().catch(() => undefined);
  });
});
