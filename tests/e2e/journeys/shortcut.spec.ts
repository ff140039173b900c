/**
 * Settings → Keyboard shortcut (docs/decisions.md #108): the keys that open KeyHaven, as this browser
 * really assigned them, and where to change them. The suggestion differs by browser, and so does the
 * place: Chrome keeps Ctrl+Shift+K free and has chrome://extensions/shortcuts; Firefox keeps
 * Ctrl+Shift+K for its Web Console, so KeyHaven suggests Alt+Shift+K there and points at the add-ons
 * manager. Both lanes, each with its browser's words.
 */
import { createLocalVault } from '../lanes/account.js';
import { test } from '../lanes/lane.js';
import { button, role, type Screen } from '../lanes/screen.js';

const PASSWORD = 'shortcut journey passphrase';
const EXPECTED = {
  chromium: { keys: 'Ctrl+Shift+K', where: 'Change it at chrome://extensions/shortcuts' },
  firefox: { keys: 'Alt+Shift+K', where: 'Change it in the add-ons manager (⚙ → Manage Extension Shortcuts)' },
} as const;

test('Settings shows the shortcut this browser assigned, and where to change it', async ({ lane }) => {
  const browser = await lane.launch();
  const popup: Screen = await createLocalVault(browser, PASSWORD);
  await popup.click(button('Settings'));
  const panel = popup.within(role('region', 'Keyboard shortcut'));
  await panel.expectText(role('heading', 'Keyboard shortcut'), 'Keyboard shortcut');
  await panel.expectVisible({ text: `Open KeyHaven: ${EXPECTED[lane.name].keys}` });
  await panel.expectVisible(role('link', EXPECTED[lane.name].where));
  await lane.screenshot(popup, '44-shortcut-settings', { size: 'popup' });
});
