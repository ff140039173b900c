/**
 * The content script on pages that imitate how dashboards show a new key, under the providers' real
 * host names (support/dashboards.ts): a readonly input in a modal that appears two seconds after a
 * click, a token in <code> next to a copy button, an AWS key pair in a table row whose secret needs a
 * "Show" click, a page of masked keys only; then the locked save and the fill flows, clicked through
 * to the vault. Keys are made at test time.
 */
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import type { Dashboards } from './support/dashboards.js';
import { createLocalVault, useDashboardBrowser } from './support/dashboard-browser.js';
import { screenshot, type ExtensionBrowser } from './support/extension.js';
import { Layer } from './support/layer.js';

const PASSWORD = 'dashboard test passphrase';
const HOSTS = ['platform.openai.com', 'github.com', 'console.aws.amazon.com', 'dashboard.stripe.com', 'vercel.com'];
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

let dashboards: Dashboards;
let browser: ExtensionBrowser;

useDashboardBrowser(HOSTS, (d, b) => {
  dashboards = d;
  browser = b;
});

const createVault = () => createLocalVault(browser, PASSWORD);

/** The OpenAI-like page: the key appears in a modal's readonly input two seconds after the click. */
function openAiPage(value: string): string {
  return dashboards.page('platform.openai.com', '/api-keys', `
    <h1>API keys</h1><button id="create">Create new secret key</button>
    <script>
      document.getElementById('create').onclick = () => setTimeout(() => {
        const dialog = document.createElement('div');
        dialog.setAttribute('role', 'dialog');
        dialog.innerHTML = '<h2>Save your key</h2><p>Please save this secret key somewhere safe.</p><input readonly size="80">';
        dialog.querySelector('input').value = ${JSON.stringify(value)};
        document.body.append(dialog);
      }, 2000);
    </script>`);
}

async function expectInVault(popup: Page, name: string): Promise<void> {
  await popup.reload();
  await expect(popup.getByRole('list', { name: 'Keys' })).toContainText(name);
}

test('offers to save fresh keys where dashboards show them, pairs AWS keys, and ignores masked ones', async () => {
  const popup = await createVault();
  const page = await browser.context.newPage();
  const layer = await Layer.of(page);

  // A modal two seconds after the click.
  const openai = key('openai', 'project');
  await page.goto(openAiPage(openai));
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  await expect.poll(() => layer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  expect(await layer.text()).toContain('OpenAI · project · from platform.openai.com/api-keys');
  expect(await layer.dialogs()).toContain('Save to KeyHaven');
  // The page cannot see into the prompt, nor find its words anywhere.
  expect(await page.evaluate(() => [...document.documentElement.children].map((e) => e.shadowRoot))).toEqual([null, null, null]);
  await expect(page.locator('body')).not.toContainText('KeyHaven');
  await page.setViewportSize({ width: 900, height: 500 });
  await page.screenshot({ path: 'test-results/screens/30-save-prompt.png' });
  await layer.click('Save to KeyHaven');
  await expect.poll(() => layer.text()).toMatch(/Saved to KeyHaven as "OpenAI project key \(\d{4}-\d\d-\d\d\)"/);
  await expectInVault(popup, 'OpenAI project key');

  // The same key shown again is recognised and not offered.
  await page.goto(openAiPage(openai));
  await page.getByRole('button', { name: 'Create new secret key' }).click();
  await expect(page.locator('input[readonly]')).toHaveValue(openai, { timeout: 5_000 });
  await page.waitForTimeout(1_000); // the scanner's frame and the background's answer
  expect(await layer.text()).toBe('');

  // A token in <code> beside a copy button; renamed, saved with Enter.
  const github = key('github', 'classic-pat');
  await page.goto(dashboards.page('github.com', '/settings/tokens', `
    <p>Make sure to copy your personal access token now. You won't be able to see it again!</p>
    <div><code>${github}</code> <button>Copy</button></div>`));
  await expect.poll(() => layer.text()).toContain('GitHub · classic-pat');
  await layer.click('Name');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('CI token');
  await page.keyboard.press('Enter');
  await expect.poll(() => layer.text()).toContain('Saved to KeyHaven as "CI token"');

  // AWS: the id shows at once, the secret after "Show" in the same row: one prompt for the pair.
  const awsId = key('aws', 'access-key-id');
  const awsSecret = 'wJalrXUtnFEMIK7MDENGbPxRfiCY' + key('github', 'classic-pat').slice(4, 16);
  await page.goto(dashboards.page('console.aws.amazon.com', '/iam/home', `
    <h1>Retrieve access keys</h1>
    <table><thead><tr><th>Access key ID</th><th>Secret access key</th></tr></thead>
    <tbody><tr><td>${awsId}</td><td><span id="secret">••••••••••••</span> <button id="show">Show</button></td></tr></tbody></table>
    <script>document.getElementById('show').onclick = () => { document.getElementById('secret').textContent = ${JSON.stringify(awsSecret)}; };</script>`));
  await expect.poll(() => layer.text()).toContain('AWS · access-key-id');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect.poll(() => layer.text()).toContain('AWS · access key id + secret');
  expect((await layer.text()).match(/Save this key/g)).toHaveLength(1);
  await layer.click('Save to KeyHaven');
  await expect.poll(() => layer.text()).toContain('Saved to KeyHaven as "AWS access key');
  await popup.reload();
  // The popup page sits in a tab behind the AWS console, the window's active tab: it lists the key under
  // "For this site" too (site-keys.spec.ts), so the row is taken from the whole list.
  await popup.getByRole('list', { name: 'Keys', exact: true }).getByRole('button', { name: /AWS access key/ }).click();
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await expect(popup.getByLabel('Key value')).toHaveText(`AWS_ACCESS_KEY_ID=${awsId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}`);

  // Masked keys only: nothing to offer.
  await page.goto(dashboards.page('dashboard.stripe.com', '/apikeys', `
    <table><tr><th>Name</th><th>Token</th></tr>
    <tr><td>Secret key</td><td>sk_live_••••••••••••••••a1B2</td></tr>
    <tr><td>Publishable key</td><td>pk_live_51H…9f3A</td></tr>
    <tr><td>Restricted key</td><td>rk_live_************************</td></tr>
    <tr><td>Webhook secret</td><td>••••3f9a</td></tr></table>`));
  await expect(page.getByText('Publishable key')).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(await layer.text()).toBe('');
});

test('a save while locked opens the popup and finishes after the unlock; a key field fills from the vault, on a click', async () => {
  let popup = await createVault();
  await popup.getByRole('button', { name: 'Lock' }).click();
  const page = await browser.context.newPage();
  const layer = await Layer.of(page);

  const anthropic = key('anthropic', 'api');
  await page.goto(dashboards.page('platform.openai.com', '/later', `<p>Your key</p><pre>${anthropic}</pre>`));
  await expect.poll(() => layer.text()).toContain('KeyHaven is locked');
  await popup.close();
  // The toolbar popup is not a page Playwright can drive; DevTools still lists it, which proves it opened.
  const cdp = await browser.context.newCDPSession(page);
  const popupsOpen = async () => (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.url.endsWith('/popup.html')).length;
  expect(await popupsOpen()).toBe(0);
  await layer.click('Unlock and save');
  await expect.poll(popupsOpen).toBe(1);
  // The person unlocks in the popup (here: the same page, opened in a tab).
  popup = await browser.openPopup();
  await expect.poll(() => layer.text()).toContain('Waiting for you to unlock KeyHaven');
  await popup.getByLabel('Password').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect.poll(() => layer.text()).toContain('Saved to KeyHaven as "Anthropic API key');

  // A field that asks for a key: the control appears on focus, lists keys, fills on a click.
  const form = await browser.context.newPage();
  const formLayer = await Layer.of(form);
  await form.goto(dashboards.page('vercel.com', '/acme/settings/environment-variables', `
    <form><label for="name">Name</label> <input id="name" value="ANTHROPIC_API_KEY">
    <label for="value">API key</label> <input id="value" name="value" size="60"></form>`));
  await form.getByLabel('API key').click();
  await expect.poll(() => formLayer.text()).toContain('KeyHaven');
  await formLayer.click('Fill from KeyHaven');
  await expect.poll(() => formLayer.text()).toContain('Anthropic API key');
  await form.setViewportSize({ width: 900, height: 500 });
  await form.screenshot({ path: 'test-results/screens/31-fill-menu.png' });
  await formLayer.click('Anthropic API key');
  await expect(form.getByLabel('API key')).toHaveValue(anthropic);
  await expect(form.getByLabel('Name')).toHaveValue('ANTHROPIC_API_KEY'); // a plain field is left alone

  // On Stripe's dashboard a key field is offered Stripe keys only; the others are one click away.
  const stripeForm = await browser.context.newPage();
  const stripeLayer = await Layer.of(stripeForm);
  await stripeForm.goto(dashboards.page('dashboard.stripe.com', '/settings', '<label for="k">API key</label> <input id="k" size="60">'));
  await stripeForm.getByLabel('API key').click();
  await expect.poll(() => stripeLayer.text()).toContain('KeyHaven');
  await stripeLayer.click('Fill from KeyHaven');
  await expect.poll(() => stripeLayer.text()).toContain('No active Stripe keys in KeyHaven.');
  expect(await stripeLayer.text()).not.toContain('Anthropic API key');
  await stripeForm.setViewportSize({ width: 900, height: 500 });
  await stripeForm.screenshot({ path: 'test-results/screens/31b-fill-menu-narrowed.png' });
  await stripeLayer.click('Show all keys (1 more)');
  await expect.poll(() => stripeLayer.text()).toContain('Anthropic API key');
  await stripeForm.close();

  // The fill is in the key's audit entries, with the site.
  const vault = await browser.openPopup();
  await vault.getByRole('button', { name: /Anthropic API key/ }).click();
  await vault.getByRole('button', { name: 'Show this key’s audit entries' }).click();
  const entries = vault.getByRole('region', { name: 'Audit entries for this key' });
  await expect(entries.getByRole('row', { name: /^Filled Anthropic API key.* on vercel\.com / })).toBeVisible();
  await screenshot(vault, '32-item-after-fill');
});
