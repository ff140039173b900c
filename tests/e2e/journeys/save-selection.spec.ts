/**
 * "Save selection to KeyHaven" from the context menu (docs/decisions.md #108): with KeyHaven locked, the
 * menu opens the add form in a tab, which asks for the unlock first and then holds the selected text, its
 * provider guessed and the page's address filled; saving stores it. A test cannot open the browser's own
 * menu: the lane hands the background's handler what the click passes. Keys are made at test time.
 * Both lanes.
 */
import { CATALOGUE } from '../../../shared/index.js';
import { fakeKey } from '../../support/fake-keys.js';
import { createLocalVault } from '../lanes/account.js';
import { expect, test } from '../lanes/lane.js';
import { button, label, role, text } from '../lanes/screen.js';

const PASSWORD = 'selection journey passphrase';
const NEWS = 'news.example.org';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

test('the selected text goes to the add form after the unlock, guessed, and is saved', async ({ lane }) => {
  const dashboards = await lane.dashboards([NEWS]);
  const browser = await lane.launch();
  const popup = await createLocalVault(browser, PASSWORD);
  await popup.click(button('Lock'));
  await popup.expectVisible(button('Unlock'));

  const selected = key('openai', 'project');
  const page = await browser.openPage(dashboards.page(NEWS, '/post', `<p>Here is the key we made:</p><p id="k">${selected}</p>`));
  await page.expectVisible(text('Here is the key we made:'));
  await page.run(() => void getSelection()!.selectAllChildren(document.getElementById('k')!), undefined);

  const form = await browser.saveSelection(page);
  await form.expectVisible(role('status', /Unlock KeyHaven to save the text you selected/));
  // The one-time token leaves the address as the page opens.
  await expect.poll(() => form.run(() => location.search, undefined)).toBe('');
  await lane.screenshot(form, '42-selection-unlock-first', { size: 'popup' });
  await form.fill(label('Password'), PASSWORD);
  await form.click(button('Unlock'));

  await form.expectVisible(role('heading', 'Add a key'));
  await form.expectValue(label('Value'), selected);
  await form.expectValue(label('Provider'), 'openai');
  await form.expectValue(label('Dashboard URL'), `https://${NEWS}/post`);
  await lane.screenshot(form, '43-selection-add-form', { size: 'popup' });
  await form.fill(label('Name'), 'OpenAI from the post');
  await form.click(button('Save'));
  await form.expectVisible(button(/OpenAI from the post/));
});
