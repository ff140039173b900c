/**
 * The provider and kind a pasted value most likely belongs to, for prefilling the add form and for
 * imports: the detector's answer when the whole value is one key with a distinctive shape (a bare 32-hex
 * string could be anyone's), or a generic shape its name vouches for (`DATADOG_API_KEY`).
 */
import type { CatalogueEntry } from './catalogue/index.js';
import { detectKeys } from './detect.js';

export function guessProvider(value: string, name?: string): Pick<CatalogueEntry, 'provider' | 'kind'> | null {
  const trimmed = value.trim();
  const [hit, ...rest] = detectKeys(trimmed, name ? { label: name } : {});
  if (!hit || rest.length > 0 || hit.value !== trimmed || hit.provider === 'unknown') return null;
  return { provider: hit.provider, kind: hit.kind };
}
