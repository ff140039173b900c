/**
 * A first run in a browser of its own (no account): create a vault, add keys, search, reveal, lock, unlock,
 * and find it still open after the browser idles the background. One journey, run in both lanes.
 */
import { button, label, role, text } from '../lanes/screen.js';
import { test } from '../lanes/lane.js';

const PASSWORD = 'a long and memorable passphrase';
const KEYS = [
  { name: 'OpenAI production', value: 'sk-proj-e2eOpenAiValue1234567890abcd', provider: 'openai', environment: 'production' },
  { name: 'Stripe test', value: 'sk_test_e2eStripeValue0987654321wxyz', provider: 'stripe', environment: 'test' },
  { name: 'GitHub deploy', value: 'ghp_e2eGithubValueABCDEFGHIJKLMNOPQRST', provider: 'github', environment: 'ci' },
];
const keyList = role('list', 'Keys');
const rows = role('listitem', undefined, { within: [keyList] });

test('a first run: create a vault, add keys, search, reveal, lock, and unlock again', async ({ lane }) => {
  const browser = await lane.launch();
  const popup = await browser.openPopup();
  await popup.expectVisible(role('heading', 'Create your vault'));
  await lane.screenshot(popup, '01-welcome');

  await popup.fill(label('Password'), PASSWORD);
  await popup.fill(label('Password again'), 'not the same');
  await popup.click(button('Create vault'));
  await popup.expectText(role('alert'), 'The two passwords differ.');
  await popup.fill(label('Password again'), PASSWORD);
  await popup.click(button('Create vault'));

  await popup.expectVisible(text('No keys yet.'));
  await lane.screenshot(popup, '02-empty-vault');

  for (const key of KEYS) {
    await popup.click(button('Add key'));
    if (key === KEYS[0]) await lane.screenshot(popup, '03-add-key');
    await popup.fill(label('Name'), key.name);
    await popup.fill(label('Value'), key.value);
    await popup.fill(label('Provider'), key.provider);
    await popup.fill(label('Environment'), key.environment);
    await popup.click(button('Save'));
    await popup.expectVisible(button(new RegExp(key.name)));
  }
  await popup.expectCount(rows, 3);
  // Values are masked in the list, and absent from the page otherwise.
  await popup.expectText(keyList, /sk-p…abcd/);
  await popup.expectNoText('e2eOpenAiValue');
  await lane.screenshot(popup, '04-vault-list');

  await popup.fill(label('Search keys'), 'stripe');
  await popup.expectCount(rows, 1);
  await popup.fill(label('Search keys'), 'nothing like this');
  await popup.expectVisible(text(/No key matches/));
  await popup.fill(label('Search keys'), '');

  await popup.click(button(/OpenAI production/));
  await popup.expectText(label('Key value'), 'sk-p…abcd');
  await popup.click(button('Reveal'));
  await popup.expectText(label('Key value'), KEYS[0]!.value);
  await lane.screenshot(popup, '05-item-revealed');
  await popup.press('Escape');
  await popup.expectVisible(keyList);

  await popup.click(button('Lock'));
  await popup.expectVisible(role('heading', 'Unlock'));
  // Nothing secret stays in the DOM of a locked popup.
  await popup.expectNoText('OpenAI production');
  await popup.fill(label('Password'), 'the wrong password');
  await popup.click(button('Unlock'));
  await popup.expectText(role('alert'), 'Wrong password.');
  await lane.screenshot(popup, '06-unlock-wrong-password');

  await popup.fill(label('Password'), PASSWORD);
  await popup.press('Enter');
  await popup.expectCount(rows, 3);

  // The background idles (Chromium stops its service worker); the next popup finds the vault still open
  // until the auto-lock time.
  await browser.idleBackground();
  const again = await browser.openPopup();
  await again.expectCount(rows, 3);
  await again.click(button(/GitHub deploy/));
  await again.click(button('Reveal'));
  await again.expectText(label('Key value'), KEYS[2]!.value);

  // The full-tab page: the same vault with an overview.
  const tab = await browser.openTab();
  await tab.click(button('Overview'));
  await tab.expectText(role('figure', 'Keys by provider'), /openai/);
  await tab.expectVisible(text(/3 keys · 0 need attention/));
  await lane.screenshot(tab, '13-tab-overview', { size: 'tab' });
});
