import { defineConfig } from 'wxt';

// The extension's sources live in extension/ (DESIGN §2).
export default defineConfig({
  srcDir: 'extension',
  // Files copied as they are (the theme's first-paint script): WXT looks beside the project, not in srcDir.
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-react'],
  // `npm run zip`: the store archives, and for Firefox's review the sources that build them (the
  // extension, the shared core and what the build reads; not the server, CLI, tests or results).
  zip: {
    excludeSources: ['cli/**', 'server/**', 'tests/**', 'test-results/**', 'dist/**', 'scripts/**', 'playwright.config.ts', 'vitest.config.ts'],
  },
  manifest: ({ browser }) => ({
    name: 'KeyHaven',
    description: 'A zero-knowledge vault for your API keys.',
    // storage: the session copy of the unlocked key; alarms: auto-lock while the worker sleeps;
    // clipboardRead/Write: clear a copied key only if the clipboard still holds it (docs/decisions.md #33).
    // scripting + optional hosts: "Watch this site" runs the content script on a site the person allows
    // (asked for one host at a time; docs/decisions.md #103).
    // activeTab: the popup reads the address of the tab it was opened over, to offer to watch that site.
    // activeTab also lends the popup the address of the tab it opens over, for "For this site" (#108).
    // contextMenus: "Save selection to KeyHaven" on selected text (docs/decisions.md #108).
    permissions: ['storage', 'alarms', 'clipboardRead', 'clipboardWrite', 'scripting', 'activeTab', 'contextMenus', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // A default shortcut for the popup. Ctrl+Shift+K / ⌘⇧K is free in Chrome (its own table has Ctrl+K,
    // not Ctrl+Shift+K); Firefox keeps Ctrl+Shift+K for its Web Console, so there it is Alt+Shift+K (⌘⇧K on
    // a Mac, where the console is ⌘⌥K). Firefox's MV2 build names the popup's command differently.
    commands:
      browser === 'firefox'
        ? { _execute_browser_action: { suggested_key: { default: 'Alt+Shift+K', mac: 'Command+Shift+K' } } }
        : { _execute_action: { suggested_key: { default: 'Ctrl+Shift+K', mac: 'Command+Shift+K' } } },
    // Firefox's MV2 build lists optional hosts among optional permissions.
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*'] } : { optional_host_permissions: ['https://*/*'] }),
    action: { default_title: 'KeyHaven' },
    // Firefox 153, the ESR line: `documentId` on message senders and in tabs.sendMessage (which the
    // frame check and "For this site" rely on) came with it (docs/decisions.md #111).
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'keyhaven@keyhaven.dev', strict_min_version: '153.0', data_collection_permissions: { required: ['none'] } } } }
      : // Chrome 123: CSS light-dark(), which the theme's tokens are made of (extension/ui/tokens.css).
        { minimum_chrome_version: '123' }),
  }),
  // CSS is written for those browsers as it is: lowered for older ones, light-dark() became a media
  // query on the system's scheme, and the theme chosen in Settings (a color-scheme) was lost in the
  // on-page prompt, whose rules are set at run time (docs/decisions.md, the theme entry).
  vite: () => ({ build: { cssTarget: ['chrome123', 'firefox153'] } }),
});
