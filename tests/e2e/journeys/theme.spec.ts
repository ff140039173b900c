/**
 * The theme in both browsers: Dark chosen in Settings makes the popup dark at once, and the next popup
 * is dark from its first paint (theme-boot.js); System brings the system's back. One journey, both lanes.
 */
import { button, label, text, type Screen } from '../lanes/screen.js';
import { test } from '../lanes/lane.js';

const PASSWORD = 'a theme that stays as chosen';
const DARK = 'rgb(18, 20, 24)';
const LIGHT = 'rgb(255, 255, 255)';

async function background(popup: Screen, expected: string): Promise<void> {
  let seen = '';
  for (const end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    seen = await popup.page.run<string>('getComputedStyle(document.documentElement).backgroundColor');
    if (seen === expected) return;
  }
  throw new Error(`the popup's background is ${seen}, not ${expected}`);
}

test('Dark in Settings: the popup turns dark, the next popup opens dark, System brings the light back', async ({ lane }) => {
  const browser = await lane.launch();
  const popup = await browser.openPopup();
  await popup.fill(label('Password'), PASSWORD);
  await popup.fill(label('Password again'), PASSWORD);
  await popup.click(button('Create vault'));
  await popup.expectVisible(text('No keys yet.'));
  await background(popup, LIGHT);

  await popup.click(button('Settings'));
  await popup.click(text('Dark'));
  await background(popup, DARK);
  await lane.screenshot(popup, '90-theme-dark-settings');
  await popup.close();

  const again = await browser.openPopup();
  const theme = await again.page.run<string>('document.documentElement.dataset.theme ?? ""');
  if (theme !== 'dark') throw new Error(`the next popup starts with theme "${theme}", not "dark"`);
  await background(again, DARK);
  await again.click(button('Settings'));
  await again.click(text('System'));
  await background(again, LIGHT);
});
