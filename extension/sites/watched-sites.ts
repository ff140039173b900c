/**
 * "Watch this site": the content script on a site the person allowed, beyond the manifest's dashboards.
 * The browser's granted host permissions are the truth; a registered content script per granted site
 * follows them (registered when granted — here or in the browser's own site-access menu — and
 * unregistered when the permission goes, wherever it was removed). Frames of a watched site are scanned
 * too (`allFrames`): dashboards show keys in embedded settings panels.
 */
import { browser } from 'wxt/browser';
import { isBuiltInDashboard, patternHost } from './site-pattern.js';

const PREFIX = 'watch:';

/** The bundle the manifest runs on dashboards (WXT's generated path types fail the build if it moves). */
const CONTENT_SCRIPT = '/content-scripts/content.js' as const;

/** `https://host/*` for one host that is not a built-in dashboard. */
function isWatchPattern(pattern: string): boolean {
  return /^https:\/\/[^*/]+\/\*$/.test(pattern) && !isBuiltInDashboard(patternHost(pattern));
}

/** Sites (as `https://host/*`) the person allowed KeyHaven to watch. */
export async function watchedPatterns(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  // The browser lists the manifest's dashboards among the granted hosts too: those are not the person's.
  return origins.filter(isWatchPattern).sort();
}

async function registeredIds(): Promise<Set<string>> {
  return new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id).filter((id) => id.startsWith(PREFIX)));
}

/**
 * Makes the registered scripts match the granted sites; returns the watched sites. The background (on
 * a permission change) and a page (after its request) both run this: a Web Lock, shared by every
 * context of the extension's origin, keeps them one at a time (otherwise both register one id and the
 * browser refuses the second while the first is still pending).
 */
export async function reconcileWatchedSites(): Promise<string[]> {
  return (await navigator.locks.request('keyhaven.watched-sites', reconcile)) as string[];
}

async function reconcile(): Promise<string[]> {
  const granted = await watchedPatterns();
  const registered = await registeredIds();
  const stale = [...registered].filter((id) => !granted.includes(id.slice(PREFIX.length)));
  const missing = granted.filter((p) => !registered.has(PREFIX + p));
  await Promise.all([
    ...stale.map((id) => browser.scripting.unregisterContentScripts({ ids: [id] }).catch(() => undefined)),
    ...missing.map((pattern) =>
      browser.scripting
        .registerContentScripts([{ id: PREFIX + pattern, matches: [pattern], js: [CONTENT_SCRIPT], runAt: 'document_idle', allFrames: true, persistAcrossSessions: true }])
        .catch(() => undefined),
    ),
  ]);
  const now = await registeredIds();
  const unregistered = granted.filter((p) => !now.has(PREFIX + p));
  if (unregistered.length > 0) throw new Error(`the browser would not run KeyHaven on ${unregistered.map(patternHost).join(', ')}; reload the extension and try again`);
  return granted;
}

/**
 * After the person granted `pattern` (the permission prompt needs their click, so the page asks for it):
 * register the script and start it in the site's open tabs, so the page they are on is watched now.
 */
export async function startWatching(pattern: string): Promise<void> {
  // Only one site's pattern, and one the manifest does not already cover (never "every https site").
  if (!isWatchPattern(pattern) || !(await browser.permissions.contains({ origins: [pattern] }))) return;
  await reconcileWatchedSites();
  const tabs = await browser.tabs.query({ url: pattern });
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? null : browser.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: [CONTENT_SCRIPT] }).catch(() => null))),
  );
}

/** Gives the permission back; the script goes with it. Tabs already open keep their scanner until reloaded. */
export async function stopWatching(pattern: string): Promise<void> {
  await browser.permissions.remove({ origins: [pattern] });
  await reconcileWatchedSites();
}

export { patternHost };
