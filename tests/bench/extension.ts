/**
 * Extension rows of `npm run bench`, measured in Chromium with the built extension at 1 000 and 10 000
 * keys: the popup opened (unlocked) until the first screen of the list is on the page with the whole
 * list behind it, and unlock-to-list (the password typed, Unlock pressed, until the same). Baselines run
 * in an extension page of the same browser: for the popup, the bare WebCrypto work of opening every
 * item (unwrap the item key, open the payload); for unlock, PBKDF2 plus one screen of items.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { launchWithExtension } from '../e2e/support/extension.js';
import { ask, median, PASSWORD, RUNS, timed } from './extension-page.js';
import { benchSiteRow } from './extension-site.js';
import { fmtMs, ratio, type Section } from './harness.js';

const SIZES = [1_000, 10_000];
/** Rows on the popup's first screen (380 × 600), the most a first paint needs to open. */
const SCREEN_ROWS = 20;
const IMPORT_BATCH = 2_000;

/** The bare crypto in a page: optional PBKDF2, then n × (unwrap a key, decrypt a payload). */
async function baseline(page: Page, n: number, withPbkdf2: boolean): Promise<number> {
  return page.evaluate(
    async ({ n, withPbkdf2, password }) => {
      const aes = { name: 'AES-GCM', length: 256 } as const;
      const kek = await crypto.subtle.generateKey(aes, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
      const payload = new TextEncoder().encode(JSON.stringify({ name: 'KEY', value: 'x'.repeat(64), provider: 'p', environment: 'e', tags: [], notes: '' }));
      const items = [];
      for (let i = 0; i < n; i++) {
        const dek = await crypto.subtle.generateKey(aes, true, ['encrypt', 'decrypt']);
        const iv1 = crypto.getRandomValues(new Uint8Array(12));
        const iv2 = crypto.getRandomValues(new Uint8Array(12));
        items.push({ iv1, iv2, wrapped: await crypto.subtle.wrapKey('raw', dek, kek, { name: 'AES-GCM', iv: iv1 }), ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv2 }, dek, payload) });
      }
      const started = performance.now();
      if (withPbkdf2) {
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
        await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 600_000 }, key, 256);
      }
      await Promise.all(
        items.map(async (it) => {
          const dek = await crypto.subtle.unwrapKey('raw', it.wrapped, kek, { name: 'AES-GCM', iv: it.iv1 }, aes, false, ['decrypt']);
          JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: it.iv2 }, dek, it.ct)));
        }),
      );
      return performance.now() - started;
    },
    { n, withPbkdf2, password: PASSWORD },
  );
}

/** One vault size: the popup opened (unlocked) and unlock-to-list, each timed RUNS times. */
async function measure(browser: Awaited<ReturnType<typeof launchWithExtension>>, keys: number) {
  const page = await browser.openPopup();
  await ask(page, { type: 'create-local', password: PASSWORD });
  for (let start = 0; start < keys; start += IMPORT_BATCH) {
    const env = Array.from({ length: Math.min(IMPORT_BATCH, keys - start) }, (_, i) => `KEY_${String(start + i).padStart(5, '0')}=value-${start + i}-${crypto.randomUUID()}`).join('\n');
    await ask(page, { type: 'import', format: 'env', text: env, environment: 'production' });
  }
  // Usable: the first screen of rows is on the page, and they know the whole list is there.
  const firstRow = page.locator(`ul[aria-label="Keys"] > li[aria-setsize="${keys}"]`).first();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await firstRow.waitFor(); // the first open after the import builds the index and seals it
  const open: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    open.push(
      await timed(async () => {
        await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
        await firstRow.waitFor();
      }),
    );
  }
  const unlock: number[] = [];
  const lockedPage: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await ask(page, { type: 'lock' });
    // The same page with nothing to list: its load, its script and one request (the bare cost of opening the popup).
    lockedPage.push(
      await timed(async () => {
        await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
        await page.getByLabel('Password').waitFor();
      }),
    );
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByLabel('Password').fill(PASSWORD);
    unlock.push(
      await timed(async () => {
        await page.getByRole('button', { name: 'Unlock' }).click();
        await firstRow.waitFor();
      }),
    );
  }
  const bareList: number[] = [];
  for (let i = 0; i < RUNS; i++) bareList.push(await baseline(page, keys, false));
  const bareUnlock: number[] = [];
  for (let i = 0; i < RUNS; i++) bareUnlock.push(await baseline(page, SCREEN_ROWS, true));
  await page.close();
  return [
    { name: 'popup opened to a usable list (unlocked)', keys, keyhavenMs: median(open), baselineMs: median(bareList), baseline: `bare WebCrypto: ${keys} × (unwrap + decrypt) in the page` },
    { name: 'popup opened to a usable list (unlocked)', keys, keyhavenMs: median(open), baselineMs: median(lockedPage), baseline: 'the same popup opened locked (page, script, one request)' },
    { name: 'unlock to list', keys, keyhavenMs: median(unlock), baselineMs: median(bareUnlock), baseline: `bare PBKDF2 600 000 + one screen (${SCREEN_ROWS} × unwrap + decrypt)` },
  ];
}

export async function benchExtension(): Promise<Section[]> {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
  const data = [];
  for (const keys of SIZES) {
    // A fresh profile per size: one vault, nothing left from the size before.
    const browser = await launchWithExtension();
    try {
      data.push(...(await measure(browser, keys)));
    } finally {
      await browser.close();
    }
  }
  data.push(...(await benchSiteRow()));
  return [
    {
      title: `Extension in Chromium (median of ${RUNS})`,
      columns: ['what', 'keys', 'KeyHaven', 'baseline', 'ratio', 'baseline is'],
      rows: data.map((d) => [d.name, d.keys, `${fmtMs(d.keyhavenMs)} ms`, `${fmtMs(d.baselineMs)} ms`, ratio(d.keyhavenMs, d.baselineMs), d.baseline]),
      notes: [
        'KeyHaven includes the page load, the message round trips to the worker, one page of rows from the summary index (kept by the worker), and rendering the first screen of a virtualised list.',
        'Unlock also derives the key (PBKDF2 600 000) and opens the sealed summary index; its check against every stored item (one read and one SHA-256 over them) runs 1.5 s later, after the first screen; no item is decrypted when nothing changed.',
      ],
      data,
    },
  ];
}
