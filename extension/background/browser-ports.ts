/** BackgroundPorts over the real browser: storage.session, alarms, the toolbar badge, the clipboard. */
import { browser } from 'wxt/browser';
import { clearLater, digestOf, type ClearRequest } from '../clipboard/clear-later.js';
import { tabSite } from '../sites/tab-site.js';
import type { BackgroundPorts, SessionRecord } from './ports.js';
import { takeSelection } from './selection.js';

const SESSION_KEY = 'unlocked';
export const AUTO_LOCK_ALARM = 'auto-lock';

function isSessionRecord(value: unknown): value is SessionRecord {
  const r = value as Partial<SessionRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.accountKey === 'string' && typeof r.lockAt === 'number';
}

async function ensureOffscreenDocument(): Promise<void> {
  if (await browser.offscreen.hasDocument()) return;
  await browser.offscreen.createDocument({
    url: browser.runtime.getURL('/offscreen.html'),
    reasons: [browser.offscreen.Reason.CLIPBOARD],
    justification: 'Clear a copied API key from the clipboard after the configured delay',
  });
}

export function browserPorts(): BackgroundPorts {
  // Chrome MV3 has `action`; Firefox MV2 `browserAction`.
  const action = browser.action ?? browser.browserAction;
  return {
    session: {
      async load() {
        const stored = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY];
        return isSessionRecord(stored) ? stored : null;
      },
      save: (record) => browser.storage.session.set({ [SESSION_KEY]: record }),
      clear: () => browser.storage.session.remove(SESSION_KEY),
    },
    scheduleLock(at) {
      if (at === null) void browser.alarms.clear(AUTO_LOCK_ALARM);
      else void browser.alarms.create(AUTO_LOCK_ALARM, { when: at });
    },
    setBadge(count) {
      void action.setBadgeText({ text: count > 0 ? String(count) : '' });
      void action.setBadgeBackgroundColor({ color: '#b54708' });
    },
    async openPopup() {
      try {
        await action.openPopup();
      } catch {
        // Chrome opens the popup only with a focused window (and older versions not at all from the
        // background): a small window with the same page does the same job.
        await browser.windows.create({ url: browser.runtime.getURL('/popup.html'), type: 'popup', width: 380, height: 600 });
      }
    },
    async notifyTab(tabId, message) {
      await browser.tabs.sendMessage(tabId, message).catch(() => undefined); // the tab may be gone: nothing to tell
    },
    tabSite,
    takeSelection,
    async clearClipboardLater(value, seconds) {
      const request: ClearRequest = { target: 'keyhaven-clipboard', digest: await digestOf(value), delayMs: seconds * 1000 };
      if (typeof document !== 'undefined') return clearLater(request); // Firefox: the background is a page
      await ensureOffscreenDocument();
      await browser.runtime.sendMessage(request);
    },
  };
}
