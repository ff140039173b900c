/**
 * The content script on pages that imitate how dashboards show a new key, under the providers' real
 * host names (support/dashboards.ts): a readonly input in a modal that appears two seconds after a
 * click, a token in <code> next to a copy button, an AWS key pair in a table row whose secret needs a
 * "Show" click, a page of masked keys only; then the locked save and the fill flows, clicked through
 * to the vault. Keys are made at test time. Both lanes.
 */
import { CATALOGUE } from '../../../shared/index.js';
import { fakeKey } from '../../support/fake-keys.js';
import { createLocalVault } from '../lanes/account.js';
import type { ExtensionDriver } from '../lanes/driver.js';
import { expect, test, type Lane } from '../lanes/lane.js';
import { button, label, role, text, type Screen } from '../lanes/screen.js';
import type { Dashboards } from '../support/dashboards.js';

const PASSWORD = 'dashboard test passphrase';
const HOSTS = ['platform.openai.com', 'github.com', 'console.aws.amazon.com', 'dashboard.stripe.com', 'vercel.com'];
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);
const keyList = role('list', 'Keys');

/** The dashboards and a browser routed to them, with a local vault made in the popup; the popup on its empty list. */
async function start(lane: Lane): Promise<{ dashboards: Dashboards; browser: ExtensionDriver; popup: Screen }> {
  const dashboards = await lane.dashboards(HOSTS);
  const browser = await lane.launch();
  return { dashboards, browser, popup: await createLocalVault(browser, PASSWORD) };
}

/** The OpenAI-like page: the key appears in a modal's readonly input two seconds after the click. */
function openAiPage(dashboards: Dashboards, value: string): string {
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

async function expectInVault(popup: Screen, name: string): Promise<void> {
  await popup.reload();
  await popup.expectText(keyList, new RegExp(name));
}

test('offers to save fresh keys where dashboards show them, pairs AWS keys, and ignores masked ones', async ({ lane }) => {
  const { dashboards, browser, popup } = await start(lane);

  // A modal two seconds after the click.
  const openai = key('openai', 'project');
  const page = await browser.openPage(openAiPage(dashboards, openai));
  const layer = await page.layer();
  await page.click(button('Create new secret key'));
  await expect.poll(() => layer.text(), { timeout: 10_000 }).toContain('Save this key to KeyHaven?');
  expect(await layer.text()).toContain('OpenAI · project · from platform.openai.com/api-keys');
  expect(await layer.dialogs()).toContain('Save to KeyHaven');
  // The page cannot see into the prompt, nor find its words anywhere.
  expect(await page.run(() => [...document.documentElement.children].map((e) => e.shadowRoot), undefined)).toEqual([null, null, null]);
  await page.expectNoText('KeyHaven');
  await lane.screenshot(page, '30-save-prompt', { size: 'page' });
  await layer.click('Save to KeyHaven');
  await expect.poll(() => layer.text()).toMatch(/Saved to KeyHaven as "OpenAI project key \(\d{4}-\d\d-\d\d\)"/);
  await expectInVault(popup, 'OpenAI project key');

  // The same key shown again is recognised and not offered.
  const again = await browser.openPage(openAiPage(dashboards, openai));
  const againLayer = await again.layer();
  await again.click(button('Create new secret key'));
  await expect.poll(() => again.run(() => document.querySelector('input')?.value, undefined), { timeout: 5_000 }).toBe(openai);
  await again.wait(1_000); // the scanner's frame and the background's answer
  expect(await againLayer.text()).toBe('');
  await again.close();

  // A token in <code> beside a copy button; renamed, saved with Enter.
  const github = key('github', 'classic-pat');
  const tokens = await browser.openPage(dashboards.page('github.com', '/settings/tokens', `
    <p>Make sure to copy your personal access token now. You won't be able to see it again!</p>
    <div><code>${github}</code> <button>Copy</button></div>`));
  const tokensLayer = await tokens.layer();
  await expect.poll(() => tokensLayer.text()).toContain('GitHub · classic-pat');
  await tokensLayer.click('Name');
  await tokens.press('ControlOrMeta+a');
  await tokens.type('CI token');
  await tokens.press('Enter');
  await expect.poll(() => tokensLayer.text()).toContain('Saved to KeyHaven as "CI token"');

  // AWS: the id shows at once, the secret after "Show" in the same row: one prompt for the pair.
  const awsId = key('aws', 'access-key-id');
  const awsSecret = 'wJalrXUtnFEMIK7MDENGbPxRfiCY' + key('github', 'classic-pat').slice(4, 16);
  const aws = await browser.openPage(dashboards.page('console.aws.amazon.com', '/iam/home', `
    <h1>Retrieve access keys</h1>
    <table><thead><tr><th>Access key ID</th><th>Secret access key</th></tr></thead>
    <tbody><tr><td>${awsId}</td><td><span id="secret">••••••••••••</span> <button id="show">Show</button></td></tr></tbody></table>
    <script>document.getElementById('show').onclick = () => { document.getElementById('secret').textContent = ${JSON.stringify(awsSecret)}; };</script>`));
  const awsLayer = await aws.layer();
  await expect.poll(() => awsLayer.text()).toContain('AWS · access-key-id');
  await aws.click(button('Show'));
  await expect.poll(() => awsLayer.text()).toContain('AWS · access key id + secret');
  expect((await awsLayer.text()).match(/Save this key/g)).toHaveLength(1);
  await awsLayer.click('Save to KeyHaven');
  await expect.poll(() => awsLayer.text()).toContain('Saved to KeyHaven as "AWS access key');
  await popup.reload();
  // The popup may list the key under "For this site" too (site-keys.spec.ts): the row is taken from the whole list.
  await popup.click({ role: 'button', name: /AWS access key/, within: [keyList] });
  await popup.click(button('Reveal'));
  await popup.expectText(label('Key value'), `AWS_ACCESS_KEY_ID=${awsId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}`);

  // Masked keys only: nothing to offer.
  const stripe = await browser.openPage(dashboards.page('dashboard.stripe.com', '/apikeys', `
    <table><tr><th>Name</th><th>Token</th></tr>
    <tr><td>Secret key</td><td>sk_live_••••••••••••••••a1B2</td></tr>
    <tr><td>Publishable key</td><td>pk_live_51H…9f3A</td></tr>
    <tr><td>Restricted key</td><td>rk_live_************************</td></tr>
    <tr><td>Webhook secret</td><td>••••3f9a</td></tr></table>`));
  await stripe.expectVisible(text('Publishable key'));
  await stripe.wait(1_000);
  expect(await (await stripe.layer()).text()).toBe('');
});

test('a save while locked opens the popup and finishes after the unlock; a key field fills from the vault, on a click', async ({ lane }) => {
  const { dashboards, browser, popup: first } = await start(lane);
  await first.click(button('Lock'));

  const anthropic = key('anthropic', 'api');
  const page = await browser.openPage(dashboards.page('platform.openai.com', '/later', `<p>Your key</p><pre>${anthropic}</pre>`));
  const layer = await page.layer();
  await expect.poll(() => layer.text()).toContain('KeyHaven is locked');
  await first.close();
  expect(await browser.popupsOpen()).toBe(0);
  await layer.click('Unlock and save');
  await expect.poll(() => browser.popupsOpen()).toBe(1);
  // The person unlocks in the popup (here: the same page, opened in a tab).
  const popup = await browser.openPopup();
  await expect.poll(() => layer.text()).toContain('Waiting for you to unlock KeyHaven');
  await popup.fill(label('Password'), PASSWORD);
  await popup.click(button('Unlock'));
  await expect.poll(() => layer.text()).toContain('Saved to KeyHaven as "Anthropic API key');

  // A field that asks for a key: the control appears on focus, lists keys, fills on a click.
  const form = await browser.openPage(dashboards.page('vercel.com', '/acme/settings/environment-variables', `
    <form><label for="name">Name</label> <input id="name" value="ANTHROPIC_API_KEY">
    <label for="value">API key</label> <input id="value" name="value" size="60"></form>`));
  const formLayer = await form.layer();
  await form.click(label('API key'));
  await expect.poll(() => formLayer.text()).toContain('KeyHaven');
  await formLayer.click('Fill from KeyHaven');
  await expect.poll(() => formLayer.text()).toContain('Anthropic API key');
  await lane.screenshot(form, '31-fill-menu', { size: 'page' });
  await formLayer.click('Anthropic API key');
  await form.expectValue(label('API key'), anthropic);
  await form.expectValue(label('Name'), 'ANTHROPIC_API_KEY'); // a plain field is left alone

  // On Stripe's dashboard a key field is offered Stripe keys only; the others are one click away.
  const stripeForm = await browser.openPage(dashboards.page('dashboard.stripe.com', '/settings', '<label for="k">API key</label> <input id="k" size="60">'));
  const stripeLayer = await stripeForm.layer();
  await stripeForm.click(label('API key'));
  await expect.poll(() => stripeLayer.text()).toContain('KeyHaven');
  await stripeLayer.click('Fill from KeyHaven');
  await expect.poll(() => stripeLayer.text()).toContain('No active Stripe keys in KeyHaven.');
  expect(await stripeLayer.text()).not.toContain('Anthropic API key');
  await lane.screenshot(stripeForm, '31b-fill-menu-narrowed', { size: 'page' });
  await stripeLayer.click('Show all keys (1 more)');
  await expect.poll(() => stripeLayer.text()).toContain('Anthropic API key');
  await stripeForm.close();

  // The fill is in the key's audit entries, with the site.
  const vault = await browser.openPopup();
  await vault.click(button(/Anthropic API key/));
  await vault.click(button('Show this key’s audit entries'));
  await vault.expectVisible(role('row', /^Filled Anthropic API key.* on vercel\.com /, { within: [role('region', 'Audit entries for this key')] }));
  await lane.screenshot(vault, '32-item-after-fill');
});
