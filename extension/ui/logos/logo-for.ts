/**
 * Which bundled logo a key's provider has. The provider field holds the catalogue id for keys that were
 * detected or picked ("openai"), but a person may have typed the name ("OpenAI", "Hugging Face",
 * "Auth0"): both are matched, ignoring case, spaces and punctuation. Anything else has no logo.
 */
import { PROVIDER_NAMES } from '../../../shared/detect/catalogue/names.js';
import { PROVIDER_LOGOS, type ProviderLogo } from './provider-logos.generated.js';

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Squashed display names and logo titles, to catalogue ids ("auth0" → authzero, "xtwitter" → twitter). */
const byName = new Map<string, string>([
  ...Object.entries(PROVIDER_NAMES).map(([id, name]) => [squash(name), id] as const),
  ...Object.entries(PROVIDER_LOGOS).map(([id, logo]) => [squash(logo.title), id] as const),
]);

export function logoFor(provider: string): ProviderLogo | null {
  const key = squash(provider);
  if (!key) return null;
  return PROVIDER_LOGOS[key] ?? PROVIDER_LOGOS[byName.get(key) ?? ''] ?? null;
}
