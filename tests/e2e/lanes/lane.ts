/**
 * The journeys' `test`: each runs once per Playwright project (playwright.config.ts), `chromium` and
 * `firefox`, with `lane` launching that project's browser. Whatever a test opens (browsers, a sync
 * server, the dashboards) is closed after it.
 */
import { test as base } from '@playwright/test';
import { startDashboards, type Dashboards } from '../support/dashboards.js';
import { startE2eServer, type E2eServer } from '../support/server.js';
import { launchChromium } from './chromium.js';
import type { ExtensionDriver, LaneName } from './driver.js';
import { launchFirefox } from './firefox.js';
import type { Screen, SIZES } from './screen.js';

export interface Lane {
  readonly name: LaneName;
  /** A fresh browser profile with the extension (on the dashboards, if they were started first). */
  launch(): Promise<ExtensionDriver>;
  /** A real sync server on the embedded database (or DATABASE_URL), started on first use. */
  server(): Promise<E2eServer>;
  /** Local HTTPS copies of these provider hosts; call before `launch`. */
  dashboards(hosts: string[]): Promise<Dashboards>;
  /** test-results/screens/<lane>/<name>.png */
  screenshot(screen: Screen, name: string, options?: { size?: keyof typeof SIZES; scheme?: 'light' | 'dark' }): Promise<void>;
}

export const test = base.extend<{ lane: Lane }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  lane: async ({}, use, info) => {
    const name: LaneName = info.project.name === 'firefox' ? 'firefox' : 'chromium';
    const browsers: ExtensionDriver[] = [];
    let server = null as E2eServer | null;
    let dashboards = null as Dashboards | null;
    await use({
      name,
      async launch() {
        const options = { dashboards: dashboards ?? undefined };
        const browser = name === 'firefox' ? await launchFirefox(options) : await launchChromium(options);
        browsers.push(browser);
        return browser;
      },
      server: async () => (server ??= await startE2eServer()),
      dashboards: async (hosts) => (dashboards ??= await startDashboards(hosts)),
      screenshot: (screen, shot, options) => screen.screenshot(name, shot, options),
    });
    for (const browser of browsers) await browser.close();
    await server?.dispose();
    await dashboards?.close();
  },
});

export { expect } from '@playwright/test';
