/**
 * What the dashboard specs share: a browser with the extension and local HTTPS copies of the given
 * hosts, fresh for each test, and a local vault made in the popup as a person makes it.
 */
import { expect, test, type Page } from '@playwright/test';
import { startDashboards, type Dashboards } from './dashboards.js';
import { launchWithExtension, type ExtensionBrowser } from './extension.js';

/** Starts the dashboards and the browser before each test (handing both to `use`), and closes them after. */
export function useDashboardBrowser(hosts: string[], use: (dashboards: Dashboards, browser: ExtensionBrowser) => void): void {
  let opened: { dashboards: Dashboards; browser: ExtensionBrowser } | null = null;
  test.beforeEach(async () => {
    const dashboards = await startDashboards(hosts);
    const browser = await launchWithExtension({ args: dashboards.chromiumArgs });
    opened = { dashboards, browser };
    use(dashboards, browser);
  });
  test.afterEach(async () => {
    await opened?.browser.close();
    await opened?.dashboards.close();
    opened = null;
  });
}

/** A local vault made in the popup; the popup, on its empty list. */
export async function createLocalVault(browser: ExtensionBrowser, password: string): Promise<Page> {
  const popup = await browser.openPopup();
  await popup.getByLabel('Password', { exact: true }).fill(password);
  await popup.getByLabel('Password again').fill(password);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByText('No keys yet.')).toBeVisible();
  return popup;
}
