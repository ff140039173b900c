/**
 * Per test: a real sync server, and browsers with the extension that are closed afterwards. Registers
 * Playwright hooks in the spec that calls it.
 */
import { test } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from './extension.js';
import { startE2eServer, type E2eServer } from './server.js';

export function useServerAndBrowsers(): { server: () => E2eServer; launch: () => Promise<ExtensionBrowser> } {
  let server: E2eServer | null = null;
  const browsers: ExtensionBrowser[] = [];
  test.beforeEach(async () => {
    server = await startE2eServer();
  });
  test.afterEach(async () => {
    for (const b of browsers.splice(0)) await b.close();
    await server?.dispose();
  });
  return {
    server: () => server!,
    async launch() {
      const browser = await launchWithExtension();
      browsers.push(browser);
      return browser;
    },
  };
}
