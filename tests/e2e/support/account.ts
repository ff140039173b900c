/** A browser with the extension, signed up or signed in to an account on the e2e server, as a person does it in the popup. */
import { expect, type Page } from '@playwright/test';
import type { ExtensionBrowser } from './extension.js';

export const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });

export async function startSynced(
  launch: () => Promise<ExtensionBrowser>,
  input: { server: string; mode: 'Create an account' | 'Sign in'; email: string; password: string },
): Promise<{ browser: ExtensionBrowser; popup: Page }> {
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 400, height: 560 });
  await popup.locator('label.mode', { hasText: input.mode }).click();
  await popup.getByLabel('Server').fill(input.server);
  await popup.getByLabel('Email').fill(input.email);
  await popup.getByLabel('Password', { exact: true }).fill(input.password);
  if (input.mode === 'Create an account') await popup.getByLabel('Password again').fill(input.password);
  await popup.getByRole('button', { name: input.mode === 'Sign in' ? 'Sign in' : 'Create account' }).click();
  await expect(syncStatus(popup)).toHaveText('Synced', { timeout: 15_000 });
  return { browser, popup };
}
