/**
 * Which site a tab shows, for the popup's "For this site" (docs/decisions.md #108). The browser tells an
 * extension a tab's address only where it may see the tab: with `activeTab`, which the toolbar click and
 * the keyboard shortcut that open the popup grant, or with a host permission (a watched site). The
 * manifest's content-script matches do not count: on platform.openai.com, without the click, Chrome
 * answers `tabs.get` with no `url` (checked in Chromium 156).
 *
 * So the background also remembers where the content script said hello from, as the browser reports the
 * sender (its `url` and `documentId`, never what the page says), and asks that very document whether it
 * is still there before using it: a tab that went to another page has another document, the message
 * finds no one, and nothing is said about the tab. Kept in `storage.session` (memory only, the extension's
 * own pages and worker only), one entry per tab, dropped when the tab closes.
 */
import { browser } from 'wxt/browser';
import { urlHost } from './host-name.js';

const PREFIX = 'keyhaven-tab:';

interface TabPage {
  host: string;
  documentId: string;
}

/** Content script → background, answered by a document that is still there. */
export const PRESENT = 'content.present';

function isTabPage(value: unknown): value is TabPage {
  const v = value as Partial<TabPage> | null;
  return typeof v === 'object' && v !== null && typeof v.host === 'string' && typeof v.documentId === 'string';
}

/** After the background let a content script in (sites/content-sender.ts): its tab's top page, remembered. */
export async function rememberTabPage(message: unknown, sender: { tabId: number; frameId: number; url: string; documentId: string | undefined }): Promise<void> {
  if ((message as { type?: unknown } | null)?.type !== 'content.hello' || sender.frameId !== 0 || !sender.documentId) return;
  const host = urlHost(sender.url);
  if (host) await browser.storage.session.set({ [PREFIX + sender.tabId]: { host, documentId: sender.documentId } satisfies TabPage });
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(PREFIX + tabId);
}

/** The host of the site in `tabId`, or '' when the browser does not let KeyHaven know it. */
export async function tabSite(tabId: number): Promise<string> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) return '';
  // Shown to KeyHaven (activeTab, a watched site): the browser's word is the answer.
  if (tab.url !== undefined) return urlHost(tab.url);
  return rememberedHost(tabId);
}

/** The host of the tab's top page remembered at its hello, while that very document is still there; '' otherwise. */
async function rememberedHost(tabId: number): Promise<string> {
  const stored: unknown = (await browser.storage.session.get(PREFIX + tabId))[PREFIX + tabId];
  if (!isTabPage(stored)) return '';
  const here = await browser.tabs.sendMessage(tabId, { type: PRESENT }, { documentId: stored.documentId }).catch(() => false);
  return here === true ? stored.host : '';
}

/** Top pages' hellos still being checked, per tab: a frame's hello can arrive while its page's is. */
const checking = new Map<number, Promise<unknown>>();
/** Frames waiting for their tab's top page to say hello at all. */
const waiting = new Map<number, (() => void)[]>();
/** How long a frame waits for its page's hello; a page KeyHaven does not run on never says one. */
export const TOP_HELLO_WAIT_MS = 3_000;

function topHello(tabId: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const rest = (waiting.get(tabId) ?? []).filter((w) => w !== wake);
      if (rest.length > 0) waiting.set(tabId, rest);
      else waiting.delete(tabId);
      resolve();
    }, ms);
    waiting.set(tabId, [...(waiting.get(tabId) ?? []), wake]);
  });
}

/** The background is checking a message from a tab's page; for a top page's hello, frames wait for `done` (remembered or refused). */
export function checkingTopPage(message: unknown, sender: { tabId: number; frameId: number }, done: Promise<unknown>): void {
  if ((message as { type?: unknown } | null)?.type !== 'content.hello' || sender.frameId !== 0) return;
  const { tabId } = sender;
  checking.set(tabId, done);
  for (const wake of waiting.get(tabId) ?? []) wake();
  waiting.delete(tabId);
  void done.finally(() => {
    if (checking.get(tabId) === done) checking.delete(tabId);
  });
}

/**
 * The address of the page around a frame, for the frame check (content-sender.ts), when the browser does
 * not name it: Firefox leaves `sender.tab.url` out on a dashboard, as KeyHaven holds no host permission
 * there (the manifest's content-script matches are not one; Chrome names it anyway). Then it is the
 * tab's top page as the browser reported it when that page's content script said hello, and only while
 * that very document is still there. None known (Firefox before 153, which has no
 * `documentId`; a page KeyHaven does not run on): undefined, and the frame is refused.
 */
export async function framingPage(tabId: number): Promise<string | undefined> {
  await checking.get(tabId)?.catch(() => undefined);
  let host = await rememberedHost(tabId);
  if (!host) {
    // A small frame can load, and its script say hello, before its page's script runs: wait a moment for that.
    await topHello(tabId, TOP_HELLO_WAIT_MS);
    await checking.get(tabId)?.catch(() => undefined);
    host = await rememberedHost(tabId);
  }
  // Remembered only for a top page the background let in, which is HTTPS (content-sender.ts).
  return host ? `https://${host}/` : undefined;
}
