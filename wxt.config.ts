import { defineConfig } from 'wxt';

// The extension's sources live in extension/ (DESIGN §2).
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-react'],
  manifest: ({ browser }) => ({
    name: 'KeyHaven',
    description: 'A zero-knowledge vault for your API keys.',
    // storage: the session copy of the unlocked key; alarms: auto-lock while the worker sleeps;
    // clipboardRead/Write: clear a copied key only if the clipboard still holds it (docs/decisions.md #33).
    // scripting + optional hosts: "Watch this site" runs the content script on a site the person allows
    // (asked for one host at a time; docs/decisions.md #103).
    // activeTab: the popup reads the address of the tab it was opened over, to offer to watch that site.
    permissions: ['storage', 'alarms', 'clipboardRead', 'clipboardWrite', 'scripting', 'activeTab', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // Firefox's MV2 build lists optional hosts among optional permissions.
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*'] } : { optional_host_permissions: ['https://*/*'] }),
    action: { default_title: 'KeyHaven' },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'keyhaven@keyhaven.dev', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } } } } : {}),
  }),
});
