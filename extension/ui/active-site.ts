/**
 * The tab the popup was opened over, for "For this site". The popup names the tab; the background says
 * which site it shows, as far as the browser lets it know (sites/tab-site.ts), in its answer to the first
 * list (list-protocol.ts `tab`), so finding the site costs no round trip of its own. A page in a tab of
 * its own (the full-tab page, the popup opened as a window) is its own active tab: an extension page,
 * which is no site.
 */
import { browser } from 'wxt/browser';

/** The id of the active tab of the popup's window; undefined when there is none the background could ask about. */
export async function activeTab(): Promise<number | undefined> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined || tab.id < 0 ? undefined : tab.id;
  } catch {
    return undefined; // no site known: the list as always
  }
}
