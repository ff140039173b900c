/**
 * "Save selection to KeyHaven" (a context-menu item on selected text): the text goes from the menu's
 * click, which only the background receives, to the add form in the full-tab page. It is never put in
 * an address or logged: the background keeps it in `storage.session` (memory only, out of content
 * scripts' reach) under a random one-time token, opens `vault.html?take=<token>`, and hands the text
 * over once, to the page that names the token; after a minute it is dropped unread (an alarm wakes the
 * worker for that). One selection at a time: a second click replaces the first.
 */
import { browser, type Browser } from 'wxt/browser';
import { toBase64url } from '../../shared/index.js';
import type { TakenSelection } from '../messages/page-protocol.js';

export const SAVE_SELECTION_MENU = 'keyhaven-save-selection';
export const SELECTION_ALARM = 'keyhaven-selection-expiry';
const KEY = 'keyhaven-selection';
const KEEP_MS = 60_000;
/** The add form's own limit on a value: longer text is not a key, and is not kept. */
const MAX_VALUE = 65_536;

interface Kept extends TakenSelection {
  token: string;
  expires: number;
}

function isKept(value: unknown): value is Kept {
  const k = value as Partial<Kept> | null;
  return typeof k === 'object' && k !== null && typeof k.token === 'string' && typeof k.value === 'string' && typeof k.url === 'string' && typeof k.expires === 'number';
}

/** Menus outlive the worker in Chrome but not a Firefox restart: made afresh at every start, under one id. */
export async function addSelectionMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: SAVE_SELECTION_MENU, title: 'Save selection to KeyHaven', contexts: ['selection'] });
}

/** The page's address without query or fragment (they sometimes carry tokens themselves). */
function pageAddress(address: string | undefined): string {
  if (!address || !/^https?:/.test(address)) return '';
  try {
    const url = new URL(address);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '';
  }
}

/** The menu's click: keeps the text and opens the add form in a tab beside the page. */
export async function keepSelection(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab | undefined): Promise<void> {
  if (info.menuItemId !== SAVE_SELECTION_MENU) return;
  const value = (info.selectionText ?? '').trim();
  if (!value || value.length > MAX_VALUE) return;
  const token = toBase64url(crypto.getRandomValues(new Uint8Array(32)));
  const expires = Date.now() + KEEP_MS;
  const kept: Kept = { token, value, url: pageAddress(info.frameUrl ?? info.pageUrl), expires };
  await browser.storage.session.set({ [KEY]: kept });
  await browser.alarms.create(SELECTION_ALARM, { when: expires });
  const url = `${browser.runtime.getURL('/vault.html')}?take=${token}`;
  await browser.tabs.create({ url, ...(tab?.id !== undefined && tab.id >= 0 ? { openerTabId: tab.id, index: tab.index + 1 } : {}) });
}

/** The kept text, once, for the page that names its token; null when there is none (taken, replaced or a minute old). */
export async function takeSelection(token: string): Promise<TakenSelection | null> {
  const kept: unknown = (await browser.storage.session.get(KEY))[KEY];
  if (!isKept(kept) || kept.token !== token) return null;
  await browser.storage.session.remove(KEY);
  void browser.alarms.clear(SELECTION_ALARM);
  return kept.expires > Date.now() ? { value: kept.value, url: kept.url } : null;
}

/** At the alarm and at every start: a selection older than a minute goes, taken or not. */
export async function dropStaleSelection(): Promise<void> {
  const kept: unknown = (await browser.storage.session.get(KEY))[KEY];
  if (kept !== undefined && (!isKept(kept) || kept.expires <= Date.now())) await browser.storage.session.remove(KEY);
}
