/**
 * The provider and kind a pasted value most likely belongs to, for prefilling the add form. Only
 * entries with a distinctive shape count: a bare 32-hex string could be anyone's.
 */
import { CATALOGUE, type CatalogueEntry } from './catalogue.js';

const whole = CATALOGUE.filter((e) => !e.generic).map((entry) => ({ entry, re: new RegExp(`^(?:${entry.pattern})$`) }));

export function guessProvider(value: string): Pick<CatalogueEntry, 'provider' | 'kind'> | null {
  const trimmed = value.trim();
  const hit = whole.find(({ re }) => re.test(trimmed));
  return hit ? { provider: hit.entry.provider, kind: hit.entry.kind } : null;
}
