/** The background service worker: wiring only (the work is in background/). */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { KeyHavenDatabase } from '../db/database.js';
import { route } from '../background/router.js';
import { VaultService } from '../background/vault-service.js';

export default defineBackground(() => {
  const service = new VaultService(new KeyHavenDatabase());
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only the extension's own pages (popup, full-tab page) talk to the vault.
    if (sender.id !== browser.runtime.id || sender.tab?.url?.startsWith('http')) return false;
    void route(service, message).then(sendResponse);
    return true; // the answer comes asynchronously
  });
});
