/** A local vault in the popup at its real size, and pictures of a screen in both colour schemes. */
import type { Page } from '@playwright/test';
import { ask } from './ask.js';
import { screenshot, SIZES, type ExtensionBrowser } from './extension.js';

/** A local vault with `names` as keys (production, a made-up value each), the popup at 380 × 600. */
export async function popupVaultWith(browser: ExtensionBrowser, password: string, names: string[]): Promise<Page> {
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await ask(popup, { type: 'create-local', password });
  for (const name of names) await ask(popup, { type: 'add', fields: { name, environment: 'production' }, value: `value-of-${name}-0123456789abcdef` });
  await popup.reload();
  return popup;
}

/** `name`-light and `name`-dark in test-results/screens, then back to light. */
export async function lightAndDark(page: Page, name: string, size: keyof typeof SIZES = 'popup'): Promise<void> {
  await screenshot(page, `${name}-light`, { size, scheme: 'light' });
  await screenshot(page, `${name}-dark`, { size, scheme: 'dark' });
  await page.emulateMedia({ colorScheme: 'light' });
}
