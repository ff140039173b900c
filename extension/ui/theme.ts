/**
 * The theme: the system's, or light or dark whatever the system says (Settings → Theme). A local
 * preference like the generator's options (remembered-generator.ts): kept in `storage.local`, neither
 * synced nor audited. The popup, the tab page and the on-page prompt all read it from there and follow
 * its changes; the pages also keep a copy in localStorage, which /theme-boot.js reads synchronously
 * before first paint (storage.local is asynchronous: without it the popup would flash the system theme).
 */
import { browser } from 'wxt/browser';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'keyhaven-ui-theme';
/** The synchronous copy's key; /theme-boot.js reads the same name. */
const MIRROR = 'keyhaven-theme';

/** Anything read back is checked: storage may hold what an older version or another hand wrote. */
export function toTheme(value: unknown): Theme {
  return THEMES.find((t) => t === value) ?? 'system';
}

export async function rememberedTheme(): Promise<Theme> {
  try {
    return toTheme((await browser.storage.local.get(KEY))[KEY]);
  } catch {
    return 'system';
  }
}

/** Calls `apply` with the theme now and after every change (from any page); returns the unsubscribe. */
export function watchTheme(apply: (theme: Theme) => void): () => void {
  let stopped = false;
  void rememberedTheme().then((t) => stopped || apply(t));
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) apply(toTheme(changes[KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    stopped = true;
    browser.storage.onChanged.removeListener(listener);
  };
}

export function rememberTheme(theme: Theme): void {
  applyPageTheme(theme);
  void browser.storage.local.set({ [KEY]: theme }).catch(() => undefined);
}

/** An extension page: `data-theme` on <html> (tokens.css), and the copy /theme-boot.js reads next time. */
export function applyPageTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme === 'system') localStorage.removeItem(MIRROR);
    else localStorage.setItem(MIRROR, theme);
  } catch {
    // No localStorage: the page still follows storage.local, a moment after it opens.
  }
}
