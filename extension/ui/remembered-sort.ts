/**
 * The key list's order, remembered for the browser session. The extension keeps no other UI preference
 * (Settings are the account's, synced and audited: an order of rows is not worth that), and a popup is a
 * new page each time it opens, so its own memory would forget the choice at every click of the toolbar
 * button. `storage.session` is memory-only and readable by the extension's pages, not by content scripts.
 */
import { browser } from 'wxt/browser';
import { LIST_SORTS, type ListSort } from '../messages/list-orders.js';

const KEY = 'keyhaven-ui-sort';

export async function rememberedSort(): Promise<ListSort> {
  try {
    const stored: unknown = (await browser.storage.session.get(KEY))[KEY];
    return LIST_SORTS.find((s) => s === stored) ?? 'name';
  } catch {
    return 'name'; // no session storage (an old browser): every list opens by name
  }
}

export function rememberSort(sort: ListSort): void {
  void browser.storage.session.set({ [KEY]: sort }).catch(() => undefined);
}
