/**
 * axe-core on every screen of the popup (380 × 600) and of the full-tab page, in light and dark: no
 * serious or critical violation of the WCAG 2 A/AA rules. The account is on a real server, so Devices,
 * Vaults and the sync badge show what a person sees. Each screen is also saved as a picture
 * (test-results/screens/a11y-*), to be looked at. The in-page save prompt is checked in
 * small-fixes.spec.ts, where a dashboard page serves it.
 */
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE } from '../../shared/index.js';
import { fakeKey } from '../support/fake-keys.js';
import { ask } from './support/ask.js';
import { seriousViolations } from './support/axe.js';
import { screenshot, SIZES } from './support/extension.js';
import { useServerAndBrowsers } from './support/fixtures.js';

const { server, launch } = useServerAndBrowsers();

const PASSWORD = 'an accessible and long passphrase';
const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);
const KEYS = [
  { name: 'OpenAI production', provider: 'openai', environment: 'production', value: key('openai', 'project') },
  { name: 'Stripe test', provider: 'stripe', environment: 'test', value: key('stripe', 'secret-test') },
  { name: 'GitHub deploy', provider: 'github', environment: 'ci', value: key('github', 'classic-pat') },
];

type Layout = keyof typeof SIZES;
interface Visit {
  name: string;
  /** Brings the screen up and waits until it shows what it is for. */
  open(page: Page): Promise<void>;
}

/** Each screen in light and dark: its serious findings, prefixed with where they were found. */
async function audit(page: Page, layout: Layout, visits: Visit[]): Promise<string[]> {
  const found: string[] = [];
  for (const visit of visits) {
    await visit.open(page);
    for (const scheme of ['light', 'dark'] as const) {
      await screenshot(page, `a11y-${layout}-${visit.name}-${scheme}`, { size: layout, scheme });
      found.push(...(await seriousViolations(page)).map((line) => `${layout} · ${visit.name} · ${scheme}: ${line}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  return found;
}

const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });
const heading = (page: Page, name: string | RegExp) => expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();

/** The screens of an unlocked vault, the same in both layouts (Overview only in the tab). */
function unlockedScreens(layout: Layout): Visit[] {
  const go = (label: string, title: string | RegExp): Visit['open'] => async (page) => {
    await section(page, label).click();
    await heading(page, title);
  };
  return [
    ...(layout === 'tab' ? [{ name: 'overview', open: go('Overview', 'Overview') }] : []),
    { name: 'keys', open: async (page) => (await section(page, 'Keys').click(), await expect(page.getByRole('list', { name: 'Keys' }).getByRole('listitem')).toHaveCount(KEYS.length)) },
    { name: 'key', open: async (page) => (await page.getByRole('button', { name: /^OpenAI production/ }).click(), await heading(page, 'OpenAI production')) },
    {
      // Starred on its page in the popup (the tab then finds it starred): the pressed star, and the list with it first.
      name: 'key-favourite',
      open: async (page) => {
        // The key's own star: in two panes the list beside it has a star on every row too.
        const star = page.getByRole('heading', { name: 'OpenAI production' }).locator('..').getByRole('button', { name: 'Favourite', exact: true });
        if (layout === 'popup') await star.click();
        await expect(star).toHaveAttribute('aria-pressed', 'true');
      },
    },
    { name: 'keys-favourite', open: async (page) => (await section(page, 'Keys').click(), await expect(page.getByRole('list', { name: 'Keys' }).locator('.name').first()).toHaveText('OpenAI production')) },
    {
      name: 'add',
      open: async (page) => {
        await section(page, 'Keys').click();
        await page.getByRole('button', { name: 'Add key' }).click();
        await page.getByLabel('Value', { exact: true }).fill(KEYS[0]!.value);
        await expect(page.getByText(/^Looks like/)).toBeVisible();
      },
    },
    { name: 'vaults', open: go('Vaults', 'Vaults') },
    { name: 'audit', open: async (page) => (await go('Audit', /^Audit log/)(page), await expect(page.getByRole('table').first()).toBeVisible()) },
    { name: 'devices', open: async (page) => (await go('Devices', 'Devices')(page), await expect(page.getByRole('list', { name: 'Devices' })).toBeVisible()) },
    { name: 'import-export', open: go('Import/Export', 'Import and export') },
    {
      // Its report: lines that were skipped (names with spaces are not .env names), so nothing is added.
      name: 'import-report',
      open: async (page) => {
        const importer = page.getByRole('form', { name: 'Import' });
        const text = KEYS.map((k) => `${k.name}=${k.value}`).join('\n');
        await importer.getByLabel('File').setInputFiles({ name: 'keys.env', mimeType: 'text/plain', buffer: Buffer.from(text) });
        await importer.getByRole('button', { name: 'Import', exact: true }).click();
        await expect(importer.getByText(`Imported 0 keys; skipped ${KEYS.length}:`)).toBeVisible();
      },
    },
    { name: 'settings', open: async (page) => (await go('Settings', 'Settings')(page), await expect(page.getByRole('form', { name: 'Change password' })).toBeVisible()) },
    // Empty here (the tour deletes nothing); a Trash with keys in it is checked in trash.spec.ts.
    { name: 'trash', open: async (page) => (await page.getByRole('button', { name: 'Open the Trash' }).click(), await heading(page, 'Trash'), await expect(page.getByText('The Trash is empty.')).toBeVisible()) },
  ];
}

test('every screen of the popup and the tab page, light and dark: no serious or critical axe violations', async () => {
  test.setTimeout(180_000);
  const browser = await launch();
  const popup = await browser.openPopup();
  await popup.setViewportSize(SIZES.popup);
  const found: string[] = [];

  found.push(
    ...(await audit(popup, 'popup', [
      { name: 'welcome', open: (page) => heading(page, 'Create your vault') },
      {
        name: 'create-account',
        open: async (page) => {
          await page.locator('label.mode', { hasText: 'Create an account' }).click();
          await page.getByLabel('Server').fill(server().url);
          await page.getByLabel('Email').fill(`a11y-${Date.now()}@example.com`);
          await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
          await expect(page.locator('.strength .verdict')).toBeVisible();
        },
      },
    ])),
  );
  await popup.getByLabel('Password again').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create account' }).click();
  await expect(popup.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 15_000 });
  for (const k of KEYS) await ask(popup, { type: 'add', fields: { name: k.name, provider: k.provider, environment: k.environment }, value: k.value });
  await popup.reload();

  found.push(...(await audit(popup, 'popup', unlockedScreens('popup'))));
  const tab = await browser.openTab();
  found.push(...(await audit(tab, 'tab', unlockedScreens('tab'))));
  await tab.close();

  found.push(
    ...(await audit(popup, 'popup', [
      { name: 'unlock', open: async (page) => (await page.getByRole('button', { name: 'Lock' }).click(), await heading(page, 'Unlock')) },
      {
        name: 'unlock-wrong-password',
        open: async (page) => {
          await page.getByLabel('Password').fill('not the password');
          await page.getByRole('button', { name: 'Unlock' }).click();
          await expect(page.getByRole('alert')).toHaveText('Wrong password.');
        },
      },
    ])),
  );
  expect(found).toEqual([]);
});
