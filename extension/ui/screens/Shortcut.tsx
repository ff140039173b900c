/**
 * Settings → Keyboard shortcut: the keys that open KeyHaven's popup, as the browser has them now (the
 * manifest only suggests Ctrl+Shift+K / ⌘⇧K; the person, or another extension that came first, may have
 * changed it), and where to change them. Browsers let only their own page change a shortcut: Chrome's
 * chrome://extensions/shortcuts (a page cannot link there, so the link opens it as a new tab), Firefox's
 * add-ons manager.
 */
import { useEffect, useState, type MouseEvent } from 'react';
import { browser } from 'wxt/browser';

/** The popup's command: `_execute_action` in Chrome's MV3 build, `_execute_browser_action` in Firefox's MV2 one. */
const OPEN_POPUP = new Set(['_execute_action', '_execute_browser_action']);
const CHROME_SHORTCUTS = 'chrome://extensions/shortcuts';

const isFirefox = () => browser.runtime.getURL('/').startsWith('moz-extension:');

export function Shortcut() {
  // undefined: not read yet; '': none set.
  const [keys, setKeys] = useState<string | undefined>(undefined);
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((commands) => setKeys(commands.find((c) => c.name && OPEN_POPUP.has(c.name))?.shortcut ?? ''))
      .catch(() => setKeys(''));
  }, []);
  const change = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    const firefox = browser.commands as { openShortcutSettings?: () => Promise<void> };
    if (isFirefox()) void firefox.openShortcutSettings?.();
    else void browser.tabs.create({ url: CHROME_SHORTCUTS });
  };
  return (
    <section className="panel stack" aria-label="Keyboard shortcut">
      <h3>Keyboard shortcut</h3>
      <p className="small">
        Open KeyHaven:{' '}
        {keys === undefined ? '…' : keys ? <kbd className="keys">{keys}</kbd> : <span className="muted">none set</span>}
      </p>
      <p className="muted small">
        Opened this way, KeyHaven shows the keys of the site you are on first.{' '}
        {isFirefox() ? (
          <a href="about:addons" onClick={change}>
            Change it in the add-ons manager (⚙ → Manage Extension Shortcuts)
          </a>
        ) : (
          <a href={CHROME_SHORTCUTS} onClick={change}>
            Change it at {CHROME_SHORTCUTS}
          </a>
        )}
        .
      </p>
    </section>
  );
}
