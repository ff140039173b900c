/**
 * Which bundled logo a key's provider has. The provider field holds the catalogue id for keys that were
 * detected or picked ("openai"), but a person may have typed the name ("OpenAI", "Hugging Face",
 * "Auth0"): both are matched, ignoring case, spaces and punctuation. Anything else has no logo.
 *
 * The logos (about 100 KB of paths) are a chunk of their own, asked for as soon as a page shows a key
 * avatar, not part of what the popup loads before its first screen: the list waits for the worker's
 * answer anyway, which takes longer than reading a local file, so the logos are there by then; until
 * they are, a row shows initials.
 */
import { useSyncExternalStore } from 'react';
import { PROVIDER_NAMES } from '../../../shared/detect/catalogue/names.js';
import type { ProviderLogo } from './provider-logos.generated.js';

type Logos = Readonly<Record<string, ProviderLogo>>;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

let logos: Logos | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function load(): void {
  loading ??= import('./provider-logos.generated.js').then(
    ({ PROVIDER_LOGOS }) => {
      logos = PROVIDER_LOGOS;
      for (const listener of listeners) listener();
    },
    () => undefined, // no logos: initials, as for an unknown provider
  );
}

/** Squashed display names and logo titles, to catalogue ids ("auth0" → authzero, "xtwitter" → twitter). */
const names = new WeakMap<Logos, Map<string, string>>();

function namesOf(table: Logos): Map<string, string> {
  let made = names.get(table);
  if (!made) names.set(table, (made = new Map([...Object.entries(PROVIDER_NAMES).map(([id, name]) => [squash(name), id] as const), ...Object.entries(table).map(([id, logo]) => [squash(logo.title), id] as const)])));
  return made;
}

export function logoIn(table: Logos | null, provider: string): ProviderLogo | null {
  const key = squash(provider);
  if (!table || !key) return null;
  return table[key] ?? table[namesOf(table).get(key) ?? ''] ?? null;
}

/** The logo of `provider`, once the logos are loaded; null before, and for a provider without one. */
export function useProviderLogo(provider: string): ProviderLogo | null {
  load();
  const table = useSyncExternalStore(
    (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    () => logos,
  );
  return logoIn(table, provider);
}
