/**
 * Extension rows of `npm run bench`, measured in Chromium with the built extension and 1 000 keys:
 * the popup opened (unlocked) until its list of 1 000 is on screen and searchable, and unlock-to-list
 * (the password typed, Unlock pressed, until the list is on screen). Baselines run in an extension page
 * of the same browser: the bare WebCrypto work such a list needs (two AES-GCM decryptions per item:
 * unwrap the item key, open the payload), plus PBKDF2 for unlock.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { launchWithExtension } from '../e2e/support/extension.js';
import { fmtMs, ratio, type Section } from './harness.js';

const KEYS = 1_000;
const RUNS = 5;
const PASSWORD = 'bench password, not a secret';

/** The one extension API the bench page calls (the page is the extension's own popup). */
interface ExtensionGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ask(page: Page, message: Record<string, unknown>): Promise<unknown> {
  const answer = (await page.evaluate((m) => (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(m), message)) as { ok: boolean; error?: { message: string }; data?: unknown };
  if (!answer.ok) throw new Error(`bench: ${String(message.type)} refused: ${answer.error?.message}`);
  return answer.data;
}

async function timed(body: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

/** The bare crypto in a page: optional PBKDF2, then 1 000 × (unwrap a key, decrypt a payload). */
async function baseline(page: Page, withPbkdf2: boolean): Promise<number> {
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
    { n: KEYS, withPbkdf2, password: PASSWORD },
  );
}

export async function benchExtension(): Promise<Section[]> {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
  const browser = await launchWithExtension();
  try {
    const page = await browser.openPopup();
    await ask(page, { type: 'create-local', password: PASSWORD });
    const env = Array.from({ length: KEYS }, (_, i) => `KEY_${String(i).padStart(4, '0')}=value-${i}-${crypto.randomUUID()}`).join('\n');
    await ask(page, { type: 'import', format: 'env', text: env, environment: 'production' });
    const rows = page.getByRole('list', { name: 'Keys' }).getByRole('listitem');

    const open: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      open.push(
        await timed(async () => {
          await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
          await rows.nth(KEYS - 1).waitFor();
        }),
      );
    }
    const unlock: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await ask(page, { type: 'lock' });
      await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      await page.getByLabel('Password').fill(PASSWORD);
      unlock.push(
        await timed(async () => {
          await page.getByRole('button', { name: 'Unlock' }).click();
          await rows.nth(KEYS - 1).waitFor();
        }),
      );
    }
    const bareList: number[] = [];
    for (let i = 0; i < RUNS; i++) bareList.push(await baseline(page, false));
    const bareUnlock: number[] = [];
    for (let i = 0; i < RUNS; i++) bareUnlock.push(await baseline(page, true));
    const data = [
      { name: 'popup opened to a usable list (unlocked)', keys: KEYS, keyhavenMs: median(open), baselineMs: median(bareList), baseline: 'bare WebCrypto: 1 000 × (unwrap + decrypt) in the page' },
      { name: 'unlock to list', keys: KEYS, keyhavenMs: median(unlock), baselineMs: median(bareUnlock), baseline: 'bare PBKDF2 600 000 + 1 000 × (unwrap + decrypt)' },
    ];
    return [
      {
        title: `Extension in Chromium (${KEYS} keys, median of ${RUNS})`,
        columns: ['what', 'keys', 'KeyHaven', 'baseline', 'ratio', 'baseline is'],
        rows: data.map((d) => [d.name, d.keys, `${fmtMs(d.keyhavenMs)} ms`, `${fmtMs(d.baselineMs)} ms`, ratio(d.keyhavenMs, d.baselineMs), d.baseline]),
        notes: [
          'KeyHaven includes the page load, the message round trip to the worker, validation, React rendering 1 000 rows, and (unlock) opening the keyring.',
        ],
        data,
      },
    ];
  } finally {
    await browser.close();
  }
}
