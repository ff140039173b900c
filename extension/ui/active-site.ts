/**
 * The site of the tab the popup was opened over, for "For this site". The popup names the tab; the
 * background says which site it shows, as far as the browser lets it know (sites/tab-site.ts). A page
 * in a tab of its own (the full-tab page, the popup opened as a window) is its own active tab: an
 * extension page, which is no site.
 */
import { browser } from 'wxt/browser';
import { ask } from './client.js';

export async function activeSite(): Promise<string> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined || tab.id < 0) return '';
    return (await ask({ type: 'tab-site', tabId: tab.id })).host;
  } catch {
    return ''; // no site known: the list as always
  }
}
