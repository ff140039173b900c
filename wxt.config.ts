import { defineConfig } from 'wxt';

// The extension's sources live in extension/ (DESIGN §2).
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'KeyHaven',
    description: 'A zero-knowledge vault for your API keys.',
    permissions: ['storage'],
  },
});
