/** Chrome's offscreen document: the one place a MV3 extension can touch the clipboard without a page open. */
import { browser } from 'wxt/browser';
import { clearLater, isClearRequest } from '../../clipboard/clear-later.js';

browser.runtime.onMessage.addListener((message, sender) => {
  // Only the background asks, and only for this; everything else is another page's business.
  if (sender.id !== browser.runtime.id || !isClearRequest(message)) return;
  clearLater(message);
});
