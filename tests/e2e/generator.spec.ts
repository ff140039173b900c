/**
 * "Generate" with options, as a person uses it in the built extension: a format, a length, a character
 * set and a prefix shape the value in the field; the value stays masked until Show; Save keeps exactly
 * it; the next popup (and the rotate form) starts from the same options. Screenshots of the generator in
 * the popup and the tab, light and dark, and an axe check of it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.js';
import { createLocalVault } from './support/dashboard-browser.js';
import { launchWithExtension, screenshot, SIZES, type ExtensionBrowser } from './support/extension.js';

const PASSWORD = 'a long passphrase for generated secrets';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

/** The value field, its Generate button and the generator's options, on whichever form shows them. */
function generator(page: Page, valueLabel: string) {
  const panel = page.getByRole('group', { name: 'Generator' });
  return {
    value: page.getByLabel(valueLabel, { exact: true }),
    generate: page.getByRole('button', { name: 'Generate a random secret' }),
    panel,
    format: panel.getByRole('combobox', { name: 'Format' }),
    length: panel.getByRole('spinbutton', { name: 'Length' }),
    slider: panel.getByRole('slider', { name: 'Length' }),
    prefix: panel.getByRole('textbox', { name: 'Prefix' }),
    charset: (name: string) => panel.getByRole('radio', { name, exact: true }),
  };
}

/** Clicks a character set as a person does: on its label (the radio itself is visually hidden). */
const pick = (radio: Locator) => radio.locator('xpath=..').click();

/** Light and dark at `size`, scrolled so the generator is in view as a person would have it. */
async function shots(page: Page, panel: Locator, name: string, size: keyof typeof SIZES): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.setViewportSize(SIZES[size]);
    await page.emulateMedia({ colorScheme: scheme });
    await panel.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, `generator-${name}-${scheme}`, { size, scheme });
    expect(await seriousViolations(page), `axe, ${name} ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('generate with a format, length, character set and prefix; masked until Show; saved as shown; remembered next time', async () => {
  test.setTimeout(120_000);
  const popup = await createLocalVault(browser, PASSWORD);
  await popup.setViewportSize(SIZES.popup);
  await popup.getByRole('button', { name: 'Add key' }).click();
  const g = generator(popup, 'Value');

  // The first time: the old default (43 base64url characters, 258 bits), masked, options open below.
  await expect(g.generate).toHaveAttribute('aria-expanded', 'false');
  await g.generate.click();
  await expect(g.generate).toHaveAttribute('aria-expanded', 'true');
  await expect(g.value).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  await expect(g.value).toHaveAttribute('type', 'password');
  await expect(g.format.locator('option:checked')).toHaveText('Random key (43 base64url)');
  await expect(g.panel).toContainText('258 bits of randomness');

  // A preset sets all three options at once.
  await g.format.selectOption({ label: 'Webhook secret (whsec_ + 32)' });
  await expect(g.value).toHaveValue(/^whsec_[A-Za-z0-9]{32}$/);
  await expect(g.prefix).toHaveValue('whsec_');
  await expect(g.length).toHaveValue('32');
  await expect(g.charset('Letters, digits')).toBeChecked();

  // Own choices: hex, a Stripe-like prefix, 40 typed and then 42 by the slider's arrow keys.
  await pick(g.charset('Hex'));
  await g.prefix.fill('sk_live_');
  await g.length.fill('40');
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{40}$/);
  await expect(g.format.locator('option:checked')).toHaveText('Custom');
  await expect(g.panel).toContainText('160 bits of randomness');
  await g.slider.focus();
  await popup.keyboard.press('ArrowRight');
  await popup.keyboard.press('ArrowRight');
  await expect(g.length).toHaveValue('42');
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);
  await expect(g.panel).toContainText('168 bits of randomness');

  // A prefix the generator refuses is said beside it, and the value keeps the last good one.
  await g.prefix.fill('sk live');
  await expect(g.prefix).toHaveAttribute('aria-invalid', 'true');
  await expect(g.panel).toContainText('Letters, digits, _ and - only');
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);
  await screenshot(popup, 'generator-popup-prefix-error', { size: 'popup' });
  await g.prefix.fill('sk_live_');
  await expect(g.prefix).toHaveAttribute('aria-invalid', 'false');

  // Too short for a key: a warning, not a refusal (16 hex digits are 64 bits).
  await g.length.fill('16');
  await expect(g.panel).toContainText('64 bits of randomness: under 128');
  await g.length.fill('42');

  // Generate again: a new value of the same shape.
  const before = await g.value.inputValue();
  await g.panel.getByRole('button', { name: 'Generate again' }).click();
  await expect(g.value).not.toHaveValue(before);
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);

  // Passing through the options by keyboard changes nothing; a length out of bounds snaps to the bound.
  const kept = await g.value.inputValue();
  await g.length.focus();
  await popup.keyboard.press('Tab');
  await expect(g.value).toHaveValue(kept);
  await g.length.fill('500');
  await g.length.blur();
  await expect(g.length).toHaveValue('128');
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{128}$/);
  await g.length.fill('42');
  await expect(g.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);

  // Show/Hide by keyboard: a toggle button whose pressed state says which.
  const show = popup.getByRole('button', { name: 'Show the value' });
  await expect(show).toHaveAttribute('aria-pressed', 'false');
  await show.focus();
  await popup.keyboard.press('Space');
  await expect(show).toHaveAttribute('aria-pressed', 'true');
  await expect(g.value).toHaveAttribute('type', 'text');
  await expect(show).toHaveText('Hide');
  await popup.keyboard.press('Enter');
  await expect(g.value).toHaveAttribute('type', 'password');
  await expect(show).toHaveText('Show');

  await shots(popup, g.panel, 'popup', 'popup');

  // Done closes the options and gives the focus back to Generate; Save keeps exactly the shown value.
  await g.panel.getByRole('button', { name: 'Done' }).click();
  await expect(g.panel).toBeHidden();
  await expect(g.generate).toBeFocused();
  const saved = await g.value.inputValue();
  await popup.getByLabel('Name').fill('Payments signing key');
  await popup.getByRole('button', { name: 'Save' }).click();
  await popup.getByRole('button', { name: /^Payments signing key/ }).click();
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(saved);

  // The rotate form is the same field: it starts from the options chosen above.
  await popup.getByRole('button', { name: 'Rotate' }).click();
  const r = generator(popup, 'New value');
  await r.generate.click();
  await expect(r.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);
  await expect(r.value).not.toHaveValue(saved);
  await expect(r.charset('Hex')).toBeChecked();

  // Next time (a new popup is a new page): the same options, the same shape.
  await popup.close();
  const again = await browser.openPopup();
  await again.setViewportSize(SIZES.popup);
  await again.getByRole('button', { name: 'Add key' }).click();
  const n = generator(again, 'Value');
  await n.generate.click();
  await expect(n.value).toHaveValue(/^sk_live_[0-9a-f]{42}$/);
  await expect(n.prefix).toHaveValue('sk_live_');
  await expect(n.length).toHaveValue('42');
  await expect(n.charset('Hex')).toBeChecked();

  // The tab page's add form has the same generator, at its width.
  const tab = await browser.openTab();
  await tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys', exact: true }).click();
  await tab.getByRole('button', { name: 'Add key' }).click();
  const t = generator(tab, 'Value');
  await t.generate.click();
  await pick(t.charset('Letters, digits, symbols'));
  await expect(t.value).toHaveValue(/^sk_live_[A-Za-z0-9%*+,\-./:=?@^_~]{42}$/);
  await shots(tab, t.panel, 'tab', 'tab');
});
