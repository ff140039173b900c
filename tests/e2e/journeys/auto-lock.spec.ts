/**
 * Auto-lock (DESIGN §3): with "Lock after this many idle minutes" at its least, one, a KeyHaven nobody
 * uses locks itself, and the popup left open shows the unlock screen with no key on it. In Chromium the
 * worker's alarm (or its timer) does it; in Firefox the persistent background page's. Unlocking again
 * brings the keys back. The one-minute wait is the setting's own floor. Both lanes.
 */
import { fakeKey } from '../../support/fake-keys.js';
import { CATALOGUE } from '../../../shared/index.js';
import { addKey, createLocalVault } from '../lanes/account.js';
import { test } from '../lanes/lane.js';
import { button, label, role, text } from '../lanes/screen.js';

const PASSWORD = 'auto-lock journey passphrase';
const MINUTE = 60_000;

test('an idle KeyHaven locks itself after the set minutes, and the open popup shows it locked', async ({ lane }) => {
  test.setTimeout(3 * MINUTE);
  const browser = await lane.launch();
  const popup = await createLocalVault(browser, PASSWORD);
  await addKey(popup, { name: 'OpenAI prod', value: fakeKey(CATALOGUE.find((e) => e.provider === 'openai' && e.kind === 'project')!) });
  await popup.click(button('Settings'));
  await popup.fill(label('Lock after this many idle minutes'), '1');
  await popup.click(button('Save preferences'));
  await popup.expectVisible(text('Settings saved.'));
  await popup.click(button('Keys'));
  await popup.expectVisible(button(/OpenAI prod/));

  // Nobody uses it from here: within the minute and a margin, the popup is on its unlock screen.
  await popup.expectVisible(role('heading', 'Unlock'), 2 * MINUTE);
  await popup.expectNoText('OpenAI prod');
  await popup.fill(label('Password'), PASSWORD);
  await popup.click(button('Unlock'));
  await popup.expectVisible(button(/OpenAI prod/));
});
