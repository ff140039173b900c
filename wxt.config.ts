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
    permissions: ['storage', 'alarms', 'clipboardRead', 'clipboardWrite', ...(browser === 'firefox' ? [] : ['offscreen'])],
    action: { default_title: 'KeyHaven' },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'keyhaven@keyhaven.dev', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } } } } : {}),
  }),
});
