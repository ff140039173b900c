/** A journey's browser signed up or signed in to an account on the e2e server, as a person does it in the popup. */
import type { ExtensionDriver } from './driver.js';
import type { Lane } from './lane.js';
import { button, label, role, text, type Screen } from './screen.js';

export const syncStatus = role('status', 'Sync status');

export async function startSynced(
  lane: Lane,
  input: { mode: 'Create an account' | 'Sign in'; email: string; password: string },
): Promise<{ browser: ExtensionDriver; popup: Screen }> {
  const server = await lane.server();
  const browser = await lane.launch();
  const popup = await browser.openPopup();
  await popup.click(text(input.mode));
  await popup.expectChecked(role('radio', input.mode));
  await popup.fill(label('Server'), server.url);
  await popup.fill(label('Email'), input.email);
  await popup.fill(label('Password'), input.password);
  if (input.mode === 'Create an account') await popup.fill(label('Password again'), input.password);
  await popup.click(button(input.mode === 'Sign in' ? 'Sign in' : 'Create account'));
  await popup.expectText(syncStatus, 'Synced', 15_000);
  return { browser, popup };
}

/** Adds a key in the popup's form and waits for its row. */
export async function addKey(popup: Screen, key: { name: string; value: string; environment?: string }): Promise<void> {
  await popup.click(button('Add key'));
  await popup.fill(label('Value'), key.value);
  await popup.fill(label('Name'), key.name);
  if (key.environment) await popup.fill(label('Environment'), key.environment);
  await popup.click(button('Save'));
  await popup.expectVisible(button(new RegExp(key.name)));
}

/** A vault in this browser only, made in a new popup; the popup, on its empty list. */
export async function createLocalVault(browser: ExtensionDriver, password: string): Promise<Screen> {
  const popup = await browser.openPopup();
  await popup.fill(label('Password'), password);
  await popup.fill(label('Password again'), password);
  await popup.click(button('Create vault'));
  await popup.expectVisible(text('No keys yet.'));
  return popup;
}
