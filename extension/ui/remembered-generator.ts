/**
 * The generator's last options, kept across popups and browser restarts in `storage.local`. They are
 * not secret (a length, a character set, a prefix such as `whsec_`), so unlike the account's Settings
 * they are neither synced nor audited, and unlike the list's order (remembered-sort.ts) they outlive
 * the session: a person who makes webhook secrets makes them again next week. What is read back is
 * checked like any input, since anything in the extension's storage could have been written by an
 * older version.
 */
import { browser } from 'wxt/browser';
import { checkGeneratorOptions, DEFAULT_GENERATOR, type GeneratorOptions } from '../../shared/index.js';

const KEY = 'keyhaven-ui-generator';

export async function rememberedGenerator(): Promise<GeneratorOptions> {
  try {
    return checkGeneratorOptions((await browser.storage.local.get(KEY))[KEY]);
  } catch {
    return DEFAULT_GENERATOR; // nothing kept yet, an unreadable value, or no storage: the defaults
  }
}

export function rememberGenerator(options: GeneratorOptions): void {
  void browser.storage.local.set({ [KEY]: options }).catch(() => undefined);
}
