import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { launchWithExtension, screenshot, SCREENSHOTS, type ExtensionBrowser } from './support/extension.js';

let browser: ExtensionBrowser;
test.beforeEach(async () => {
  browser = await launchWithExtension();
});
test.afterEach(async () => {
  await browser.close();
});

const PASSWORD = 'a long and memorable passphrase';

test('a first run: create a vault, add keys, search, reveal, lock, and unlock again', async () => {
  const popup = await browser.openPopup();
  await expect(popup.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await screenshot(popup, '01-welcome');

  await popup.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Password again').fill('not the same');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('alert')).toHaveText('The two passwords differ.');
  await popup.getByLabel('Password again').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create vault' }).click();

  await expect(popup.getByText('No keys yet.')).toBeVisible();
  await screenshot(popup, '02-empty-vault');

  const keys = [
    { name: 'OpenAI production', value: 'sk-proj-e2eOpenAiValue1234567890abcd', provider: 'openai', environment: 'production' },
    { name: 'Stripe test', value: 'sk_test_e2eStripeValue0987654321wxyz', provider: 'stripe', environment: 'test' },
    { name: 'GitHub deploy', value: 'ghp_e2eGithubValueABCDEFGHIJKLMNOPQRST', provider: 'github', environment: 'ci' },
  ];
  for (const key of keys) {
    await popup.getByRole('button', { name: 'Add key' }).click();
    if (key === keys[0]) await screenshot(popup, '03-add-key');
    await popup.getByLabel('Name').fill(key.name);
    await popup.getByLabel('Value', { exact: true }).fill(key.value);
    await popup.getByLabel('Provider').fill(key.provider);
    await popup.getByLabel('Environment').fill(key.environment);
    await popup.getByRole('button', { name: 'Save' }).click();
    await expect(popup.getByRole('button', { name: new RegExp(key.name) })).toBeVisible();
  }
  const list = popup.getByRole('list', { name: 'Keys' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  // Values are masked in the list, and absent from the page otherwise.
  await expect(list).toContainText('sk-p…abcd');
  await expect(popup.locator('body')).not.toContainText('e2eOpenAiValue');
  await screenshot(popup, '04-vault-list');

  await popup.getByLabel('Search keys').fill('stripe');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await popup.getByLabel('Search keys').fill('nothing like this');
  await expect(popup.getByText('No key matches')).toBeVisible();
  await popup.getByLabel('Search keys').fill('');

  await popup.getByRole('button', { name: /OpenAI production/ }).click();
  await expect(popup.getByLabel('Key value')).toHaveText('sk-p…abcd');
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(keys[0]!.value);
  await screenshot(popup, '05-item-revealed');
  await popup.keyboard.press('Escape');
  await expect(list).toBeVisible();

  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByRole('heading', { name: 'Unlock' })).toBeVisible();
  // Nothing secret stays in the DOM of a locked popup.
  await expect(popup.locator('body')).not.toContainText('OpenAI production');
  await popup.getByLabel('Password').fill('the wrong password');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('alert')).toHaveText('Wrong password.');
  await screenshot(popup, '06-unlock-wrong-password');

  await popup.getByLabel('Password').fill(PASSWORD);
  await popup.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // The browser stops an idle service worker; the next one picks the keys up from session storage and
  // the vault stays open until the auto-lock time.
  await browser.stopWorker();
  const again = await browser.openPopup();
  await expect(again.getByRole('list', { name: 'Keys' }).getByRole('listitem')).toHaveCount(3);
  await again.getByRole('button', { name: /GitHub deploy/ }).click();
  await again.getByRole('button', { name: 'Reveal' }).click();
  await expect(again.getByLabel('Key value')).toHaveText(keys[2]!.value);

  // The full-tab page: the same vault with an overview.
  const tab = await browser.openTab();
  await tab.getByRole('button', { name: 'Overview' }).click();
  await expect(tab.getByRole('figure', { name: 'Keys by provider' })).toContainText('openai');
  await expect(tab.getByText(/3 keys · 0 need attention/)).toBeVisible();
  await tab.screenshot({ path: join(SCREENSHOTS, '13-tab-overview.png') });
});
