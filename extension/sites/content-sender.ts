/**
 * Which pages may talk to the background's content protocol: a built-in dashboard or a site the person
 * watches, and for a frame, the page around it too. A frame gets the content script wherever it is
 * shown (a dashboard framed by any page), so without the second check a hostile page could frame a
 * dashboard and lay a decoy over KeyHaven's own Save button. A site given back stops at once, even in
 * tabs that still run the script.
 */
import { browser } from 'wxt/browser';
import { isBuiltInDashboard } from './site-pattern.js';

/** What the browser says about a message's sender (never what the message says). */
export interface SenderFacts {
  url: string | undefined;
  frameId: number | undefined;
  /** The tab's address: present only for hosts KeyHaven may see, which is all this check needs. */
  tabUrl: string | undefined;
}

async function hostAllowed(address: string | undefined): Promise<boolean> {
  if (!address) return false;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (isBuiltInDashboard(url.hostname)) return true;
  return browser.permissions.contains({ origins: [`https://${url.hostname}/*`] }).catch(() => false);
}

/** Null when the sender may use the content protocol; otherwise why not, in words. */
export async function refuseSender(sender: SenderFacts): Promise<string | null> {
  if (!(await hostAllowed(sender.url))) return 'KeyHaven does not watch this site (any more); reload the page';
  if (sender.frameId !== 0 && !(await hostAllowed(sender.tabUrl))) return 'KeyHaven does not work in a frame of a site it does not watch';
  return null;
}
