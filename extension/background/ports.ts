/**
 * What the background needs from the browser beyond IndexedDB, as one small interface: the real one
 * talks to chrome.* (browser-ports.ts), tests pass an in-memory one. Keeping these out of VaultService
 * lets the unit tests run the real service with real crypto and no browser.
 */
import type { SaveFinished } from '../messages/content-protocol.js';
import type { TakenSelection } from '../messages/page-protocol.js';

/** The unlocked account key while the browser runs (docs/crypto.md §18): memory-only storage. */
export interface SessionRecord {
  /** The account key's raw bytes, base64url. */
  accountKey: string;
  /** Epoch ms after which the keys must be gone (the auto-lock deadline). */
  lockAt: number;
}

export interface BackgroundPorts {
  session: {
    load(): Promise<SessionRecord | null>;
    save(record: SessionRecord): Promise<void>;
    clear(): Promise<void>;
  };
  /** Wakes the worker at the auto-lock deadline even if it was stopped in between; null cancels. */
  scheduleLock(at: number | null): void;
  /** The number of keys overdue for rotation, expiring soon or expired (0 clears the badge). */
  setBadge(count: number): void;
  /** Clears the clipboard after `seconds` if it still holds `value`, even when the popup is gone. */
  clearClipboardLater(value: string, seconds: number): Promise<void>;
  /** Shows the popup (to unlock), or a window with it where the browser will not open the popup itself. */
  openPopup(): Promise<void>;
  /** Tells a tab's content script something (a save that waited for the unlock has finished). */
  notifyTab(tabId: number, message: SaveFinished): Promise<void>;
  /** The host of the site in a tab, '' when the browser does not let KeyHaven know it (sites/tab-site.ts). */
  tabSite(tabId: number): Promise<string>;
  /** Text kept from "Save selection to KeyHaven", once, for its token (background/selection.ts). */
  takeSelection(token: string): Promise<TakenSelection | null>;
}

/** Everything in memory: for unit tests, and a fallback that simply forgets on restart. */
export function memoryPorts(): BackgroundPorts & {
  badge: number;
  clipboardRequests: number;
  popupsOpened: number;
  tabMessages: { tabId: number; message: SaveFinished }[];
  /** What tabSite answers, by tab; what takeSelection hands over, by token (once). */
  tabSites: Map<number, string>;
  selections: Map<string, TakenSelection>;
} {
  let record: SessionRecord | null = null;
  const ports = {
    badge: 0,
    clipboardRequests: 0,
    popupsOpened: 0,
    tabMessages: [] as { tabId: number; message: SaveFinished }[],
    tabSites: new Map<number, string>(),
    selections: new Map<string, TakenSelection>(),
    session: {
      load: async () => record,
      save: async (r: SessionRecord) => void (record = r),
      clear: async () => void (record = null),
    },
    scheduleLock: () => undefined,
    setBadge: (count: number) => void (ports.badge = count),
    clearClipboardLater: async () => void ports.clipboardRequests++,
    openPopup: async () => void ports.popupsOpened++,
    notifyTab: async (tabId: number, message: SaveFinished) => void ports.tabMessages.push({ tabId, message }),
    tabSite: async (tabId: number) => ports.tabSites.get(tabId) ?? '',
    async takeSelection(token: string) {
      const kept = ports.selections.get(token) ?? null;
      ports.selections.delete(token);
      return kept;
    },
  };
  return ports;
}
