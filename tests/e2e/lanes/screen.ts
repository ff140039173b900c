/**
 * One page of a browser, in the words a journey uses: click this button, fill that field, expect this
 * text. Everything is found by the one in-page finder (query.ts) and waited for; a driver (Playwright for
 * Chromium, puppeteer over WebDriver BiDi for Firefox) only supplies a PageAdapter.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, findInPage, toWire, type Name, type Query } from './query.js';

export const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screens');
/** The popup's size (KeyHaven's is 380 wide; Chromium's largest is 800 × 600) and a laptop's tab. */
export const SIZES = { popup: { width: 380, height: 600 }, tab: { width: 1200, height: 800 }, page: { width: 900, height: 500 }, early: { width: 400, height: 560 } } as const;

export interface ElementActions {
  click(): Promise<void>;
  /** Replaces the control's value as typing would (the page sees input events). */
  fill(value: string): Promise<void>;
  select(value: string): Promise<void>;
  upload(path: string): Promise<void>;
}

/** The closed shadow root the content script draws its panels in, reached as only the browser's own tools can. */
export interface PageLayer {
  /** The text a person sees in KeyHaven's panels on this page ('' when none is open). */
  text(): Promise<string>;
  /** Clicks the control whose text or accessible name is (or starts with) `name`, with the mouse. */
  click(name: string): Promise<void>;
  /** The names of the dialogs KeyHaven shows there. */
  dialogs(): Promise<string[]>;
}

export interface PageAdapter {
  /** Evaluates a self-contained expression in the page (driver protocols are not bound by the page's CSP). */
  run<T>(expression: string): Promise<T>;
  element(expression: string): Promise<ElementActions | null>;
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  screenshot(path: string, size: { width: number; height: number }, scheme?: 'light' | 'dark'): Promise<void>;
  reload(): Promise<void>;
  front(): Promise<void>;
  layer(): Promise<PageLayer>;
  /** KeyHaven's panels inside the page's first iframe (once it has loaded), for reading. */
  frameLayer(): Promise<Pick<PageLayer, 'text'>>;
  close(): Promise<void>;
}

const TIMEOUT = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** As a person reads it: runs of white space are one space (on both sides). */
const matchesName = (n: Name, value: string) => (typeof n === 'string' ? value === n.replace(/\s+/g, ' ').trim() : n.test(value));

export class Screen {
  constructor(readonly page: PageAdapter, private readonly scope: Query[] = []) {}

  /** The same page, looking only inside the first visible match of `q`. */
  within(q: Query): Screen {
    return new Screen(this.page, [...this.scope, q]);
  }

  private expression(q: Query, what: string): string {
    return `(${findInPage.toString()})(${JSON.stringify(toWire({ ...q, within: [...this.scope, ...(q.within ?? [])] }))})${what}`;
  }

  private describe(q: Query): string {
    return describe({ ...q, within: [...this.scope, ...(q.within ?? [])] });
  }

  /** Polls `probe` until it gives a value other than undefined, or fails saying what was awaited and what the page showed. */
  private async until<T>(what: string | (() => string), probe: () => Promise<T | undefined>, timeout = TIMEOUT): Promise<T> {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await probe().catch(() => undefined); // a page mid-navigation answers nothing yet
      if (value !== undefined) return value;
      if (Date.now() > end) {
        const shown = await this.page.run<string>('document.body ? document.body.innerText : ""').catch(() => '(no page)');
        throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'string' ? what : what()}\n--- the page showed ---\n${shown.slice(0, 1500)}`);
      }
      await sleep(100);
    }
  }

  private async element(q: Query): Promise<ElementActions> {
    return this.until(`${this.describe(q)} (visible and enabled)`, async () => {
      const el = await this.page.element(this.expression(q, '.find((el) => !el.disabled && el.getAttribute("aria-disabled") !== "true") ?? null'));
      return el ?? undefined;
    });
  }

  async click(q: Query): Promise<void> {
    await (await this.element(q)).click();
  }

  async fill(q: Query, value: string): Promise<void> {
    await (await this.element(q)).fill(value);
  }

  async select(q: Query, value: string): Promise<void> {
    await (await this.element(q)).select(value);
  }

  async upload(q: Query, path: string): Promise<void> {
    await (await this.element(q)).upload(path);
  }

  press(key: string): Promise<void> {
    return this.page.press(key);
  }

  type(text: string): Promise<void> {
    return this.page.type(text);
  }

  /** The visible text of the first match, once there is one. */
  async text(q: Query): Promise<string> {
    return this.until(this.describe(q), () => this.page.run<string | undefined>(this.expression(q, '.map((el) => (el.innerText ?? el.textContent).trim())[0]')));
  }

  async expectVisible(q: Query, timeout = TIMEOUT): Promise<void> {
    await this.until(this.describe(q), async () => ((await this.page.run<number>(this.expression(q, '.length'))) > 0 ? true : undefined), timeout);
  }

  async expectCount(q: Query, count: number, timeout = TIMEOUT): Promise<void> {
    let last = -1;
    await this.until(() => `${count} × ${this.describe(q)} (there were ${last})`, async () => {
      last = await this.page.run<number>(this.expression(q, '.length'));
      return last === count ? true : undefined;
    }, timeout);
  }

  /** The first match's visible text is `expected` (a string: all of it; a RegExp: somewhere in it). */
  async expectText(q: Query, expected: Name, timeout = TIMEOUT): Promise<void> {
    let last = '';
    await this.until(() => `${this.describe(q)} to read ${expected}; it reads "${last}"`, async () => {
      const texts = await this.page.run<string[]>(this.expression(q, '.map((el) => (el.innerText ?? el.textContent).replace(/\\s+/g, " ").trim())'));
      last = texts[0] ?? '(nothing)';
      return texts[0] !== undefined && matchesName(expected, texts[0]) ? true : undefined;
    }, timeout);
  }

  async expectValue(q: Query, expected: string): Promise<void> {
    await this.until(`${this.describe(q)} to hold "${expected}"`, async () => ((await this.page.run<string | null>(this.expression(q, '.map((el) => el.value)[0] ?? null'))) === expected ? true : undefined));
  }

  async expectChecked(q: Query): Promise<void> {
    await this.until(`${this.describe(q)} to be checked`, async () => ((await this.page.run<boolean>(this.expression(q, '.some((el) => el.checked || el.getAttribute("aria-checked") === "true")'))) ? true : undefined));
  }

  /**
   * Nothing visible in the scope (the whole page by default) holds `text`. It passes as soon as the text is
   * absent, so it says something only after a positive wait for the screen it checks (expectVisible of
   * that screen's heading first); the same holds for expectCount(…, 0).
   */
  async expectNoText(text: string, timeout = TIMEOUT): Promise<void> {
    await this.until(`"${text}" to be gone from the page`, async () => {
      const shown = this.scope.length ? await this.text({}) : await this.page.run<string>('document.documentElement.innerText');
      return shown.includes(text) ? undefined : true;
    }, timeout);
  }

  /** Runs `fn(arg)` in the page; `fn` must be self-contained. */
  run<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
    return this.page.run<T>(`(${fn.toString()})(${JSON.stringify(arg)})`);
  }

  /** A picture in test-results/screens/<lane>/ at one of SIZES. */
  async screenshot(lane: string, name: string, options: { size?: keyof typeof SIZES; scheme?: 'light' | 'dark' } = {}): Promise<void> {
    const dir = join(SCREENSHOTS, lane);
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot(join(dir, `${name}.png`), SIZES[options.size ?? 'early'], options.scheme);
  }

  reload = () => this.page.reload();
  front = () => this.page.front();
  close = () => this.page.close();
  layer = () => this.page.layer();
  frameLayer = () => this.page.frameLayer();
  wait = (ms: number) => sleep(ms);
}

/** Shorthands for queries. */
export const role = (r: NonNullable<Query['role']>, name?: Name, more: Omit<Query, 'role' | 'name'> = {}): Query => ({ role: r, name, ...more });
export const button = (name: Name): Query => ({ role: 'button', name });
export const label = (name: Name): Query => ({ label: name });
export const text = (t: Name): Query => ({ text: t });
