/**
 * The smaller faults of issue #17, as a person meets them in the popup (380 × 600) and the tab: errors
 * beside what caused them, a mismatch that goes when the passwords match, a strength meter that sends
 * nothing, one number format, "an OpenAI key", examples that read as examples, Save in reach, a saved key
 * shown at the top of the list, notices that stay on their screen and off the focused field, and the tab
 * opening on the overview. Pictures in test-results/screens/80-*.
 */
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import { launchWithExtension, SIZES, type ExtensionBrowser } from './support/extension.js';
import { lightAndDark, popupVaultWith } from './support/popup-vault.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const PASSWORD = 'small fixes make a calm vault';
const openAi = () => fakeKey(CATALOGUE.find((e) => e.provider === 'openai' && e.kind === 'project')!);
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
const box = async (page: Page, selector: string) => page.locator(selector).evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect);

const vaultWith = (names: string[]) => popupVaultWith(browser, PASSWORD, names);
const shots = lightAndDark;

test('create: the mismatch goes as the passwords match, and the strength meter speaks in words and sends nothing', async () => {
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  const requests: string[] = [];
  popup.on('request', (r) => requests.push(r.url()));
  const password = popup.getByLabel('Password', { exact: true });
  await password.fill('password1');
  await expect(popup.locator('.strength')).toContainText('Very weak');
  await shots(popup, '80-create-weak');
  await expect(password).toHaveAccessibleDescription(/Very weak/);
  await password.fill(PASSWORD);
  await expect(popup.locator('.strength .verdict')).toHaveText(/^(Strong|Very strong)$/);
  await popup.getByLabel('Password again').fill('small fixes make a calm vaul');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('alert')).toHaveText('The two passwords differ.');
  await shots(popup, '80-create-mismatch');
  // One more letter and they match: the message goes at once, before any submit.
  await popup.getByLabel('Password again').press('End');
  await popup.getByLabel('Password again').pressSequentially('t');
  await expect(popup.getByRole('alert')).toHaveCount(0);
  // Everything the page loaded came from the extension itself: the password went nowhere.
  expect(requests.filter((u) => !u.startsWith(`chrome-extension://${browser.extensionId}/`))).toEqual([]);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByText('No keys yet.')).toBeVisible();
});

test('add at 380 × 600: Save in reach, "an OpenAI project key", examples as examples; saved, the list is at its top on the new row', async () => {
  const popup = await vaultWith(Array.from({ length: 14 }, (_, i) => `Key ${String(i + 10)}`));
  await popup.getByRole('button', { name: 'Add key' }).click();
  const save = popup.getByRole('button', { name: 'Save', exact: true });
  const inWindow = async () => {
    const b = (await save.boundingBox())!;
    return b.y >= 0 && b.y + b.height <= SIZES.popup.height;
  };
  expect(await inWindow()).toBe(true);
  await expect(popup.getByLabel('Name')).toHaveAttribute('placeholder', /^e\.g\. /);
  await expect(popup.getByLabel('Provider')).toHaveAttribute('placeholder', /^e\.g\. /);
  await popup.getByLabel('Value', { exact: true }).fill(openAi());
  await expect(popup.getByRole('status').filter({ hasText: 'Looks like' })).toHaveText('Looks like an OpenAI project key.');
  await popup.getByLabel('Name').fill('Aardvark AI');
  await shots(popup, '80-add-form');
  await popup.getByLabel('Notes').scrollIntoViewIfNeeded();
  expect(await inWindow()).toBe(true);

  // Saved from the bottom of the form: the list opens at its top, the header in view, the new row focused.
  await popup.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(await popup.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await save.click();
  await expect(popup.getByText('Added “Aardvark AI”.')).toBeVisible();
  expect(await popup.evaluate(() => window.scrollY)).toBe(0);
  await expect(popup.getByRole('button', { name: /^Aardvark AI/ })).toBeFocused();
  await shots(popup, '80-list-after-add');

  // A key that sorts far down: still the top of the list (not scrolled to it), focus in the search box.
  await popup.getByRole('button', { name: 'Add key' }).click();
  await popup.getByLabel('Value', { exact: true }).fill('zz-value-0123456789abcdef');
  await popup.getByLabel('Name').fill('Zulu last');
  await popup.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await save.click();
  await expect(popup.getByText('Added “Zulu last”.')).toBeVisible();
  expect(await popup.evaluate(() => window.scrollY)).toBe(0);
  await expect(popup.getByRole('searchbox', { name: 'Search keys' })).toBeFocused();
});

test('one number format; errors beside their form; notices stay on their screen and off the focused field', async () => {
  const popup = await vaultWith(['Key A']);
  const rounds = await popup.evaluate(() => new Intl.NumberFormat().format(600_000));
  await nav(popup, 'Settings');
  await expect(popup.getByRole('form', { name: 'Change password' })).toContainText(`at ${rounds} rounds`);

  // A wrong current password: said right under that field (not three fields below), tied to it, focused again.
  const form = popup.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel(/^New password \(or/).fill(PASSWORD);
  await form.getByLabel('New password again').fill(PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  const error = form.getByRole('alert');
  await expect(error).toHaveText('Wrong password.');
  await expect(error).toBeInViewport();
  const [errorBox, fieldBox] = [(await error.boundingBox())!, (await form.getByLabel('Current password').boundingBox())!];
  expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeGreaterThanOrEqual(0);
  expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(20);
  await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Current password')).toBeFocused();
  await expect(form.getByLabel('Current password')).toHaveAccessibleDescription('Wrong password.');
  await expect(popup.locator('section > .error')).toHaveCount(0); // nothing at the top of the page
  await shots(popup, '80-change-password-error');

  // A notice: kept off each field a person moves to, and gone on the next screen.
  await popup.getByRole('button', { name: 'Save preferences' }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  for (const field of await popup.locator('main input:not([type=file]), main button:not(.tab)').all()) {
    if (!(await field.isVisible())) continue;
    await field.focus();
    const [f, n] = [await field.evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect), await box(popup, '.notice')];
    expect(f.bottom <= n.top || f.top >= n.bottom, `${await field.evaluate((e) => e.outerHTML.slice(0, 80))} is under the notice`).toBe(true);
  }
  await nav(popup, 'Keys');
  await expect(popup.locator('.notice')).toBeEmpty();
  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByText(`(${rounds} PBKDF2-SHA256 rounds)`)).toBeVisible();
});

test('a wrong backup password shows under Import; the tab opens on the overview', async () => {
  const popup = await vaultWith(['Key A', 'Key B']);
  await nav(popup, 'Import/Export');
  const exporter = popup.getByRole('form', { name: 'Export' });
  await exporter.getByLabel('Backup password', { exact: true }).fill('a backup passphrase here');
  await exporter.getByLabel('Backup password again').fill('a backup passphrase here');
  const download = popup.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Export backup' }).click();
  const file = await (await download).path();
  const importer = popup.getByRole('form', { name: 'Import' });
  await importer.getByLabel('File').setInputFiles(file);
  await importer.getByLabel('Backup password').fill('the wrong one');
  await importer.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importer.getByRole('alert')).toHaveText('Wrong password.');
  await expect(importer.getByRole('alert')).toBeInViewport();
  await expect(importer.getByLabel('Backup password')).toBeFocused();
  await expect(importer.getByLabel('Backup password')).toHaveAccessibleDescription('Wrong password.');
  await shots(popup, '80-import-wrong-password');

  const tab = await browser.openTab();
  await expect(tab.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(tab.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await shots(tab, '80-tab-opens-on-overview', 'tab');
});
