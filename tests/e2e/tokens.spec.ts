/**
 * Access tokens in the extension (issue #15), in real Chromium against the real server: an admin makes a
 * token in the popup (a wrong address range is said beside its field), copies it from the shown-once
 * panel, and the token reads the vault from this test process; its last use then shows in the open list.
 * Revoked in the popup, the token's next read is refused with `token-revoked`; a token revoked elsewhere
 * (through the shared API) shows as revoked in the open popup without a reload. Screenshots light and
 * dark, in the popup and the full-tab page.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ApiClient, generateDeviceKey, readWithToken, revokeToken, signIn, SyncError, toBase64url } from '../../shared/index.js';
import { startSynced } from './support/account.js';
import { screenshot, SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'a long passphrase for machine tokens';
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();

/** The popup at its own size (scrolled so `part` is in view), or the tab's whole page; light and dark. */
async function shots(page: Page, part: Locator, name: string, popup: boolean): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await part.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    if (popup) await screenshot(page, `${name}-${scheme}`);
    else await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function addKey(page: Page, name: string, value: string): Promise<void> {
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Value', { exact: true }).fill(value);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: new RegExp(name) })).toBeVisible();
}

/** Vaults → the default vault's card → its Members page → Access tokens. */
async function openTokens(page: Page): Promise<void> {
  await nav(page, 'Vaults');
  await page.getByRole('list', { name: 'Your vaults' }).getByRole('listitem').first().getByRole('button', { name: /^(Members|Share)$/ }).click();
  await page.getByRole('button', { name: 'Access tokens' }).click();
  await expect(page.getByRole('heading', { name: /Access tokens of/ })).toBeVisible();
}

/** Makes a token in the open form and returns its text, as the shown-once panel shows it. */
async function createIn(page: Page, name: string, fill: () => Promise<void> = async () => {}): Promise<string> {
  await page.getByRole('button', { name: 'New access token' }).click();
  await page.getByLabel('Token name').fill(name);
  await fill();
  await page.getByRole('button', { name: 'Create token' }).click();
  const field = page.getByRole('textbox', { name: 'New access token' });
  await expect(field).toHaveValue(/^kh_[0-9A-Za-z]{49}$/, { timeout: 20_000 });
  return field.inputValue();
}

const refusal = (error: unknown) => (error instanceof SyncError ? error.server?.code : String(error));

test('an admin makes, copies and revokes access tokens in the popup; use and a revocation made elsewhere show without a reload', async () => {
  test.setTimeout(180_000);
  const email = `tokens-${Date.now()}@example.com`;
  const { browser, popup } = await startSynced(launch, { server: server().url, mode: 'Create an account', email, password: PASSWORD });
  await addKey(popup, 'Stripe live', 'sk_live_token_reads_000001');
  await addKey(popup, 'OpenAI', 'sk-proj-token-reads-000002');
  await openTokens(popup);
  await expect(popup.getByRole('note', { name: 'What an access token is' })).toContainText('KEYHAVEN_TOKEN=… keyhaven run -- npm test');
  await shots(popup, popup.getByRole('heading', { name: /Access tokens of/ }), '15-tokens-empty', true);

  // A wrong address range is said beside its field, which gets the focus; nothing is made.
  await popup.getByRole('button', { name: 'New access token' }).click();
  const form = popup.getByRole('form', { name: 'New access token' });
  await expect(form.getByLabel('Expires')).toHaveValue('90');
  await form.getByLabel('Token name').fill('CI deploy');
  const ranges = form.getByLabel(/Allowed address ranges/);
  await ranges.fill('127.0.0.0/8\n10.0.0/8');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(ranges).toHaveAccessibleDescription(/Line 2, “10.0.0\/8”: not an address range/);
  await expect(ranges).toBeFocused();
  await shots(popup, form, '15-token-form-error', true);

  // Fixed, it is made and shown once; Copy puts it on the clipboard.
  await ranges.fill('127.0.0.0/8\n::1/128');
  await form.getByRole('button', { name: 'Create token' }).click();
  const shown = popup.getByRole('textbox', { name: 'New access token' });
  await expect(shown).toHaveValue(/^kh_[0-9A-Za-z]{49}$/, { timeout: 20_000 });
  const token = await shown.inputValue();
  await expect(popup.getByRole('region', { name: 'New access token' })).toContainText('Shown only this once');
  await popup.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(popup.getByText(/Copied. The clipboard is cleared in \d+ s/)).toBeVisible();
  expect(await browser.clipboard()).toBe(token);
  await popup.bringToFront();
  await shots(popup, popup.getByRole('region', { name: 'New access token' }), '15-token-shown', true);

  // The token reads the vault here (as a CI job would), and its last use shows in the open list.
  const row = popup.getByRole('listitem', { name: 'Access token CI deploy' });
  await expect(row).toContainText('never used');
  const read = await readWithToken(token, { baseUrl: server().url });
  expect(read.items.map((i) => i.payload.value).sort()).toEqual(['sk-proj-token-reads-000002', 'sk_live_token_reads_000001']);
  await expect(row).toContainText(/Last used.*from (127\.0\.0\.1|::1)/, { timeout: 15_000 });
  await expect(row).toContainText('127.0.0.0/8, ::1/128');
  await expect(row).toContainText('reads whole vault');

  // Leaving the screen forgets the token: back again, only its masked id is shown.
  await nav(popup, 'Keys');
  await openTokens(popup);
  await expect(popup.getByRole('textbox', { name: 'New access token' })).toHaveCount(0);
  await expect(popup.locator('body')).not.toContainText(token);
  await expect(row).toContainText(`kh_…${read.view.id.slice(0, 8)}`);

  // A second token, for one chosen key; it reads only that key.
  const narrow = await createIn(popup, 'Staging server', async () => {
    await popup.locator('label.mode', { hasText: 'Chosen keys' }).click();
    await expect(popup.getByRole('radio', { name: 'Chosen keys' })).toBeChecked();
    await popup.getByRole('list', { name: 'Keys it reads' }).getByLabel('OpenAI').check();
  });
  const narrowRead = await readWithToken(narrow, { baseUrl: server().url });
  expect(narrowRead.items.map((i) => i.payload.name)).toEqual(['OpenAI']);
  await popup.getByRole('button', { name: 'I stored it: hide the token' }).click();
  await expect(popup.getByRole('listitem', { name: 'Access token Staging server' })).toContainText('reads 1 key (OpenAI)');
  await shots(popup, popup.getByRole('list', { name: 'Access tokens' }), '15-tokens-list', true);

  // Revoked in the popup (by keyboard: Escape keeps it, the confirmation revokes): its next read is refused.
  await row.getByRole('button', { name: 'Revoke CI deploy' }).click();
  await popup.keyboard.press('Escape');
  await expect(row.getByRole('alertdialog')).toHaveCount(0);
  await expect(popup.getByRole('heading', { name: /Access tokens of/ })).toBeVisible();
  await row.getByRole('button', { name: 'Revoke CI deploy' }).click();
  // A vault-wide token held the vault key: the confirmation says the key is rotated too, and it is.
  await expect(row.getByRole('alertdialog')).toContainText('the vault key is rotated too');
  await shots(popup, row, '15-token-revoke-confirm', true);
  await row.getByRole('button', { name: 'Revoke the token' }).click();
  await expect(popup.getByText(/Revoked “CI deploy” and rotated the vault key/)).toBeVisible({ timeout: 15_000 });
  await expect(row.locator('.flag')).toHaveText('revoked');
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  expect(refusal(await readWithToken(token, { baseUrl: server().url }).then(() => null, (e: unknown) => e))).toBe('token-revoked');
  await expect(row).toContainText(/Last refused.*it was revoked/, { timeout: 15_000 });

  // Revoked elsewhere (another device of the account, through the shared API): the open popup follows.
  const device = await generateDeviceKey({ extractable: false });
  const api = new ApiClient({ baseUrl: server().url });
  await signIn(api, { email, password: PASSWORD, device: { id: randomUUID(), name: 'elsewhere', signingPublicKey: toBase64url(device.publicSpki) } });
  await revokeToken(api, narrowRead.view.vault, narrowRead.view.id);
  await expect(popup.getByRole('listitem', { name: 'Access token Staging server' }).locator('.flag')).toHaveText('revoked', { timeout: 10_000 });
  expect(refusal(await readWithToken(narrow, { baseUrl: server().url }).then(() => null, (e: unknown) => e))).toBe('token-revoked');

  // The audit log says it in words (after a sync: the refusals above are chained by it).
  await popup.getByRole('button', { name: 'Sync now' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 15_000 });
  await nav(popup, 'Audit');
  const audit = popup.locator('table.audit-log');
  await expect(audit).toContainText(/Made kh_….{8} “CI deploy”: whole vault; expires \d{4}-\d{2}-\d{2}; only from 127\.0\.0\.0\/8, ::1\/128/);
  await expect(audit).toContainText(/Revoked kh_….{8} “CI deploy”/);
  // What the server saw of the token, signed into the chain by this admin's browser, named from its creation entry.
  await expect(audit).toContainText(/kh_….{8} “CI deploy” used from 127\.0\.0\.1/, { timeout: 10_000 });
  await expect(audit).toContainText(/kh_….{8} “CI deploy” refused from 127\.0\.0\.1(?: at [^:]*:[^:]*)?: it was revoked/);
  await shots(popup, audit, '15-audit-tokens', true);

  // The full-tab page: the same screen, with room.
  const tab = await browser.openTab();
  await openTokens(tab);
  await expect(tab.getByRole('listitem', { name: 'Access token CI deploy' })).toContainText('revoked');
  await shots(tab, tab.getByRole('heading', { name: /Access tokens of/ }), '15-tab-tokens', false);
  await tab.getByRole('button', { name: 'New access token' }).click();
  await tab.getByRole('button', { name: 'Create token' }).click();
  await expect(tab.getByLabel('Token name')).toHaveAccessibleDescription(/Give the token a name/);
  await shots(tab, tab.getByRole('heading', { name: /Access tokens of/ }), '15-tab-token-form-error', false);
  await tab.getByLabel('Token name').fill('Nightly backup');
  await tab.getByRole('button', { name: 'Create token' }).click();
  await expect(tab.getByRole('textbox', { name: 'New access token' })).toHaveValue(/^kh_[0-9A-Za-z]{49}$/, { timeout: 20_000 });
  const wide = await tab.getByRole('textbox', { name: 'New access token' }).inputValue();
  expect(wide).toMatch(/^kh_/);
  await shots(tab, tab.getByRole('heading', { name: /Access tokens of/ }), '15-tab-token-shown', false);

  // The operator lifts the token's expiry on the server: every member's list says the server's copy drifted.
  await tab.getByRole('button', { name: 'I stored it: hide the token' }).click();
  const wideId = (await readWithToken(wide, { baseUrl: server().url })).view.id;
  await server().sql`update access_tokens set expires_at = null where id = ${wideId}`;
  await tab.getByRole('button', { name: 'Sync now' }).click();
  const drifted = tab.getByRole('listitem', { name: 'Access token Nightly backup' });
  await expect(drifted.getByRole('note')).toContainText('Check this token: the server’s expiry for it differs from the one it was made with', { timeout: 10_000 });
  await shots(tab, tab.getByRole('heading', { name: /Access tokens of/ }), '15-tab-token-drift', false);
});
