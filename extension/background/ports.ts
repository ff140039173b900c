/**
 * What the background needs from the browser beyond IndexedDB, as one small interface: the real one
 * talks to chrome.* (browser-ports.ts), tests pass an in-memory one. Keeping these out of VaultService
 * lets the unit tests run the real service with real crypto and no browser.
 */

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
}

/** Everything in memory: for unit tests, and a fallback that simply forgets on restart. */
export function memoryPorts(): BackgroundPorts & { badge: number; clipboardRequests: number } {
  let record: SessionRecord | null = null;
  const ports = {
    badge: 0,
    clipboardRequests: 0,
    session: {
      load: async () => record,
      save: async (r: SessionRecord) => void (record = r),
      clear: async () => void (record = null),
    },
    scheduleLock: () => undefined,
    setBadge: (count: number) => void (ports.badge = count),
    clearClipboardLater: async () => void ports.clipboardRequests++,
  };
  return ports;
}
