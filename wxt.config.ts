import { defineConfig } from 'wxt';

// The extension's sources live in extension/ (DESIGN §2); its entrypoints arrive with the extension issue.
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-react'],
});
