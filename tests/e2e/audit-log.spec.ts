/**
 * The audit log as a person reads it: after adding keys, editing two fields, revealing and rotating with
 * a reason, each entry is a sentence (the edit names only the two fields), a local vault says once that
 * its log is signed in this browser (no per-entry "pending"), the search and the action menu narrow the
 * list, and the export downloads a CSV of exactly the rows shown. A synced vault says it verified the
 * chain. Pictures at the popup's and the tab's size, light and dark.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSynced } from './support/account.js';
import { expectedDeviceName } from './support/device-name.js';
import { SCREENSHOTS } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const SIZES = { popup: { width: 380, height: 600 }, tab: { width: 1200, height: 800 } };

async function shot(page: Page, name: string, size: keyof typeof SIZES, colorScheme: 'light' | 'dark'): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ colorScheme });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function addKey(page: Page, key: { name: string; value: string; environment: string }) {
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Value', { exact: true }).fill(key.value);
  await page.getByLabel('Name').fill(key.name);
  await page.getByLabel('Environment').fill(key.environment);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('list', { name: 'Keys' }).getByRole('button', { name: new RegExp(key.name) })).toBeVisible();
}

/** The rows of an RFC 4180 file whose fields hold no line breaks (ours do not). */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/""/g, '"')));
}

const sentences = (page: Page) => page.locator('table.audit-log tbody .sentence');

test('the log in words: sentences, the fields an edit changed, a local vault said once, search, action menu, CSV export', async () => {
  test.setTimeout(90_000);
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  await popup.getByLabel('Password', { exact: true }).fill('an audit log in words password');
  await popup.getByLabel('Password again').fill('an audit log in words password');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await addKey(popup, { name: 'OpenAI prod', value: `sk-proj-${'a1B2c3D4'.repeat(8)}`, environment: 'production' });
  await addKey(popup, { name: 'Stripe live', value: `sk_live_${'Zy9Xw8Vu'.repeat(4)}`, environment: 'staging' });

  // Edit two fields of Stripe live (the form sends all of them back), reveal it, rotate it with a reason.
  await popup.getByRole('list', { name: 'Keys' }).getByRole('button', { name: /^Stripe live/ }).click();
  await popup.getByRole('button', { name: 'Edit' }).click();
  await popup.getByLabel('Environment').fill('production');
  await popup.getByLabel('Tags').fill('billing, eu');
  await popup.getByRole('button', { name: 'Save changes' }).click();
  await expect(popup.getByText('Saved.')).toBeVisible();
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await popup.getByRole('button', { name: 'Rotate' }).click();
  await popup.getByLabel('New value').fill(`sk_live_${'Tt7Ss6Rr'.repeat(4)}`);
  await popup.getByLabel('Reason').fill('quarterly rotation');
  await popup.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(popup.getByText(/Rotated “Stripe live”/)).toBeVisible();

  // The key's own entries, on its page.
  await popup.getByRole('button', { name: 'Show this key’s audit entries' }).click();
  const own = popup.getByRole('region', { name: 'Audit entries for this key' });
  await expect(own.locator('.sentence')).toHaveText(['Rotated Stripe live: quarterly rotation', 'Revealed Stripe live', 'Changed Stripe live: environment, tags', 'Added Stripe live']);
  await popup.setViewportSize(SIZES.popup);
  await own.scrollIntoViewIfNeeded();
  await popup.screenshot({ path: join(SCREENSHOTS, '78-audit-key-page-popup-light.png') });

  await popup.getByRole('button', { name: 'Audit', exact: true }).click();
  // A local vault's creation is not audited (vault-actions.ts records it only on a server): five entries.
  await expect(popup.getByRole('status').filter({ hasText: 'kept in this browser only' })).toContainText('all 5 signatures check');
  await expect(sentences(popup)).toHaveText(['Rotated Stripe live: quarterly rotation', 'Revealed Stripe live', 'Changed Stripe live: environment, tags', 'Added Stripe live', 'Added OpenAI prod']);
  await expect(popup.locator('table.audit-log')).not.toContainText('not in the chain');
  await expect(popup.locator('table.audit-log')).not.toContainText('item.');
  await expect(popup.locator('table.audit-log tbody tr').first().locator('.who')).toHaveText(`You · ${await expectedDeviceName(popup)}`);
  await expect(popup.locator('table.audit-log tbody tr').first().locator('time')).toHaveText('just now');
  await shot(popup, '70-audit-words-popup-light', 'popup', 'light');
  await shot(popup, '71-audit-words-popup-dark', 'popup', 'dark');

  // Search narrows, the action menu narrows further; the count says so.
  await popup.getByRole('searchbox', { name: 'Search the log' }).fill('stripe');
  await expect(sentences(popup)).toHaveCount(4);
  await popup.getByLabel('Action').selectOption({ label: 'Revealed' });
  await expect(sentences(popup)).toHaveText(['Revealed Stripe live']);
  await popup.getByLabel('Action').selectOption('');
  await expect(sentences(popup)).toHaveCount(4);
  await popup.getByRole('searchbox', { name: 'Search the log' }).fill('revealed OR rotated');
  await expect(popup.getByText('No entries match these filters.')).toBeVisible();
  await popup.getByRole('searchbox', { name: 'Search the log' }).fill('stripe');
  await expect(popup.getByRole('status', { name: 'Entries shown' })).toHaveText('4 of 5 entries match.');
  await shot(popup, '72-audit-filtered-popup-light', 'popup', 'light');

  // The export is the rows shown, sentences and raw action ids side by side.
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Export the 4 entries shown as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^keyhaven-audit-.*\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = csvRows(readFileSync(await file.path(), 'utf8'));
  expect(header).toEqual(['time', 'sentence', 'action', 'actor', 'device', 'key', 'seq', 'hash', 'status']);
  expect(rows.map((r) => [r[1], r[2], r[5], r[8]])).toEqual([
    ['Rotated Stripe live: quarterly rotation', 'item.rotate', 'Stripe live', 'local'],
    ['Revealed Stripe live', 'item.reveal', 'Stripe live', 'local'],
    ['Changed Stripe live: environment, tags', 'item.edit', 'Stripe live', 'local'],
    ['Added Stripe live', 'item.create', 'Stripe live', 'local'],
  ]);
  for (const r of rows) expect(Date.parse(r[0]!)).not.toBeNaN();

  // The same log in the full-tab page.
  const tab = await browser.openTab();
  await tab.getByRole('button', { name: 'Audit', exact: true }).click();
  await expect(sentences(tab)).toHaveCount(5);
  await shot(tab, '73-audit-words-tab-light', 'tab', 'light');
  await shot(tab, '74-audit-words-tab-dark', 'tab', 'dark');
});

test('a synced vault says its chain verified; out of reach of its server, only the entries made here, each marked as not in the chain yet', async () => {
  test.setTimeout(90_000);
  const { popup } = await startSynced(launch, { server: server().url, mode: 'Create an account', email: `audit-words-${Date.now()}@example.com`, password: 'a synced audit log password' });
  await addKey(popup, { name: 'GitHub deploy', value: `ghp_${'Qw3Er4Ty5U'.repeat(4)}`, environment: 'ci' });
  await popup.getByRole('button', { name: 'Audit', exact: true }).click();
  await expect(popup.getByText(/✓ Verified: all \d+ entries are signed by this account’s devices/)).toBeVisible({ timeout: 15_000 });
  await expect(sentences(popup).first()).toHaveText('Added GitHub deploy');
  await expect(popup.locator('table.audit-log')).not.toContainText('not in the chain');
  await expect(popup.locator('table.audit-log tbody tr').first().locator('.who')).toHaveText(`You · ${await expectedDeviceName(popup)}`);
  await shot(popup, '75-audit-synced-popup-light', 'popup', 'light');

  // Out of reach of the server: a reveal is signed here and waits; it alone is marked, and the status says the chain was not read.
  await server().stop();
  await popup.getByRole('button', { name: 'Keys', exact: true }).click();
  await popup.getByRole('list', { name: 'Keys' }).getByRole('button', { name: /^GitHub deploy/ }).click();
  await popup.getByRole('button', { name: 'Reveal' }).click();
  await popup.getByRole('button', { name: 'Audit', exact: true }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'Could not read or verify the vault’s chain: cannot reach' })).toContainText('Shown: only the 1 entry made here, which waits to be sent.', { timeout: 15_000 });
  await expect(sentences(popup)).toHaveText(['Revealed GitHub deploy']);
  await expect(popup.locator('table.audit-log tbody tr').first()).toContainText('not in the chain yet');
  await shot(popup, '76-audit-offline-pending-popup-light', 'popup', 'light');
  await shot(popup, '77-audit-offline-pending-popup-dark', 'popup', 'dark');

  // Back online, the entry is sent and verified with the rest: no mark.
  await server().restart();
  await popup.getByRole('button', { name: 'Keys', exact: true }).click();
  await popup.getByRole('button', { name: 'Audit', exact: true }).click();
  await expect(popup.getByText(/✓ Verified: all \d+ entries/)).toBeVisible({ timeout: 15_000 });
  await expect(sentences(popup)).toHaveText(['Revealed GitHub deploy', 'Added GitHub deploy']);
  await expect(popup.locator('table.audit-log')).not.toContainText('not in the chain');
});
