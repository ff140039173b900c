/** The background: wiring only (the work is in background/). */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { KeyHavenDatabase } from '../db/database.js';
import { AUTO_LOCK_ALARM, browserPorts } from '../background/browser-ports.js';
import { routeContent } from '../background/content-router.js';
import { route } from '../background/router.js';
import { VaultService } from '../background/vault-service.js';
import { reconcileWatchedSites } from '../sites/watched-sites.js';

export default defineBackground(() => {
  // Session storage stays out of content scripts' reach (Chrome's default; said here so it stays so).
  void browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  const service = new VaultService(new KeyHavenDatabase(), browserPorts());
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return false;
    // The content script on a web page: its own narrow protocol, with the tab's URL as the browser reports it.
    if (sender.tab?.id !== undefined && sender.url && /^https?:/.test(sender.url)) {
      void routeContent(service, message, { tabId: sender.tab.id, url: new URL(sender.url) }).then(sendResponse);
      return true;
    }
    // The extension's own pages (popup, full-tab page) talk to the vault; the offscreen clipboard page does not.
    if (sender.url?.endsWith('/offscreen.html')) return false;
    void route(service, message).then(sendResponse);
    return true; // the answer comes asynchronously
  });
  // Watched sites follow the granted permissions, however they were granted or removed.
  const reconcile = () => void reconcileWatchedSites().catch(() => undefined);
  browser.permissions.onAdded.addListener(reconcile);
  browser.permissions.onRemoved.addListener(reconcile);
  reconcile();
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void service.lockIfDue();
  });
});
