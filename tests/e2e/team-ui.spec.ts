import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SCREENSHOTS, type ExtensionBrowser } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

async function signUp(name: string): Promise<{ browser: ExtensionBrowser; popup: Page; email: string; password: string }> {
  const email = `${name}-${Date.now()}@example.com`;
  const password = `the password of ${name}, long enough`;
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.locator('label.mode', { hasText: 'Create an account' }).click();
  await popup.getByLabel('Server').fill(server().url);
  await popup.getByLabel('Email').fill(email);
  await popup.getByLabel('Password', { exact: true }).fill(password);
  await popup.getByLabel('Password again').fill(password);
  await popup.getByRole('button', { name: 'Create account' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 20_000 });
  return { browser, popup, email, password };
}

const nav = (page: Page, section: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section }).click();

/** What the person reads out to the other: the fingerprint on their own Settings page. */
async function ownFingerprint(popup: Page): Promise<string> {
  await nav(popup, 'Settings');
  const digits = (await popup.getByLabel('Your fingerprint', { exact: true }).locator('code').textContent()) ?? '';
  await nav(popup, 'Keys');
  return digits.trim();
}

/** Light and dark, at the page's own size (the popup's, or the full tab's): each screen this change touches is looked at. */
async function shots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('three people in three browsers: invite after comparing fingerprints, accept, read; a viewer is not offered writes; removal rotates the key and lists what they could read', async () => {
  test.setTimeout(180_000);
  const [alice, bob, carol] = [await signUp('alice'), await signUp('bob'), await signUp('carol')];
  const [bobDigits, aliceDigits] = [await ownFingerprint(bob.popup), await ownFingerprint(alice.popup)];

  // Alice makes a team vault and a key in it.
  const a = alice.popup;
  await nav(a, 'Vaults');
  await a.getByLabel('New vault name').fill('Payments');
  await a.getByRole('button', { name: 'Create vault' }).click();
  await expect(a.getByRole('listitem').filter({ hasText: 'Payments' })).toBeVisible();
  await a.getByRole('listitem').filter({ hasText: 'Payments' }).getByRole('button', { name: 'Show keys' }).click();
  await a.getByRole('button', { name: 'Add key' }).click();
  await a.getByLabel('Value', { exact: true }).fill('sk_live_three_browsers_000001');
  await a.getByLabel('Name').fill('Stripe live');
  // The form offers the vault the list shows.
  await expect(a.getByRole('combobox', { name: 'Vault' }).locator('option:checked')).toHaveText('Payments');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('button', { name: /Stripe live/ })).toBeVisible();

  // She invites Bob: the digits her browser computes are the ones Bob reads from his Settings.
  await nav(a, 'Vaults');
  await a.getByRole('listitem').filter({ hasText: 'Payments' }).getByRole('button', { name: 'Share' }).click();
  // A mistake is answered inside the form that caused it, in words.
  await a.getByLabel('Their email').fill(alice.email);
  await a.getByRole('button', { name: 'Look up their fingerprint' }).click();
  await expect(a.getByRole('form', { name: 'Invite someone' }).getByRole('alert')).toContainText(`That is you: this browser is signed in as ${alice.email}`);
  await a.getByLabel('Their email').fill(bob.email);
  await a.getByRole('button', { name: 'Look up their fingerprint' }).click();
  await expect(a.getByLabel(`Fingerprint of ${bob.email}`)).toHaveText(bobDigits);
  await shots(a, '13-invite-compare');
  await a.getByRole('button', { name: 'The digits match: invite' }).click();
  await expect(a.getByRole('list', { name: 'Members' })).toContainText(bob.email);

  // Bob sees the invitation with Alice's fingerprint, compares, accepts, and reads the key.
  const b = bob.popup;
  await nav(b, 'Vaults');
  const invitation = b.getByRole('article', { name: 'Invitation to Payments' });
  await expect(invitation.getByLabel(`Fingerprint of ${alice.email}`)).toHaveText(aliceDigits, { timeout: 10_000 });
  await shots(b, '13-invitation');
  await invitation.getByRole('button', { name: 'The digits match: accept' }).click();
  await expect(b.getByRole('listitem').filter({ hasText: 'Payments' })).toContainText('editor · 2 members');
  await nav(b, 'Keys');
  await b.getByRole('button', { name: /Stripe live/ }).click();
  await b.getByRole('button', { name: 'Reveal' }).click();
  await expect(b.getByLabel('Key value')).toHaveText('sk_live_three_browsers_000001');

  // Carol joins as a viewer: she reads and copies, and no button to change anything is offered.
  await a.getByLabel('Their email').fill(carol.email);
  await a.getByLabel('Their role').selectOption('viewer');
  await a.getByRole('button', { name: 'Look up their fingerprint' }).click();
  await a.getByRole('button', { name: 'The digits match: invite' }).click();
  await expect(a.getByRole('list', { name: 'Members' })).toContainText(carol.email);
  const c = carol.popup;
  await nav(c, 'Vaults');
  await c.getByRole('article', { name: 'Invitation to Payments' }).getByRole('button', { name: 'The digits match: accept' }).click({ timeout: 10_000 });
  await c.getByRole('listitem').filter({ hasText: 'Payments' }).getByRole('button', { name: 'Show keys' }).click();
  await expect(c.getByRole('note')).toContainText('You are a viewer in “Payments”');
  await expect(c.getByRole('button', { name: 'Add key' })).toHaveCount(0);
  await c.getByRole('button', { name: /Stripe live/ }).click();
  await expect(c.getByRole('button', { name: 'Copy', exact: true })).toBeVisible();
  for (const name of ['Edit', 'Rotate', 'Revoke', 'Delete']) await expect(c.getByRole('button', { name, exact: true })).toHaveCount(0);
  await shots(c, '13-viewer-item');

  // Alice removes Bob: the key is rotated, and the key he could read is listed until rotated.
  await a.getByRole('listitem').filter({ hasText: bob.email }).getByRole('button', { name: 'Remove' }).click();
  await a.getByRole('button', { name: 'Remove and rotate the key' }).click();
  await expect(a.getByText(/The vault key is now version 2/)).toBeVisible({ timeout: 20_000 });
  const exposed = a.getByRole('region', { name: 'Exposed keys' });
  await expect(exposed).toContainText('Stripe live');
  await expect(a.getByRole('list', { name: 'Members' })).not.toContainText(bob.email);
  await shots(a, '13-members-exposed');
  await exposed.getByRole('button', { name: 'Stripe live' }).click();
  await a.getByRole('button', { name: 'Rotate' }).click();
  await a.getByLabel('New value').fill('sk_live_three_browsers_000002');
  await a.getByRole('button', { name: 'Rotate', exact: true }).last().click();
  await nav(a, 'Vaults');
  await expect(a.getByRole('listitem').filter({ hasText: 'Payments' })).not.toContainText('former member could read');

  // Bob's browser stops syncing the vault it was removed from, and says so.
  await b.getByRole('button', { name: 'Sync now' }).click();
  await nav(b, 'Vaults');
  await expect(b.getByRole('listitem').filter({ hasText: 'Payments' })).toContainText('no longer shared with you', { timeout: 15_000 });
  await shots(b, '13-removed');

  // The full-tab page: the switcher lists both vaults, and the members page has room.
  const tab = await alice.browser.openTab();
  await nav(tab, 'Keys'); // the tab opens on the overview
  await expect(tab.getByRole('combobox', { name: 'Vault' })).toContainText('Payments · 2 members · admin');
  await shots(tab, '13-tab-keys');
  await nav(tab, 'Vaults');
  await tab.getByRole('listitem').filter({ hasText: 'Payments' }).getByRole('button', { name: 'Members' }).click();
  await expect(tab.getByRole('list', { name: 'Members' })).toContainText(carol.email);
  await shots(tab, '13-tab-members');
});
