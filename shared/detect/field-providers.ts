/**
 * Which providers' keys a field wants, from what the person sees: the field's label ("OpenAI API key",
 * `AWS_SECRET_ACCESS_KEY`) first, else the site (a provider's dashboard). Fill menus list those keys and
 * keep the rest one click away, so an OpenAI field is not offered an AWS secret or a database URL.
 */
import { CATALOGUE, onEntryHost } from './catalogue/index.js';
import { PROVIDER_NAMES } from './catalogue/names.js';

export interface FieldProviders {
  /** Provider ids, empty when nothing names one (then every key fits). */
  providers: ReadonlySet<string>;
  /** What named them. */
  from: 'label' | 'site' | null;
}

/** Lower case words: `openaiApiKey` and `OPENAI_API_KEY` both read "openai api key". */
function words(text: string): string {
  const split = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  return ` ${split.trim()} `;
}

/**
 * A provider's names as " word word " to find among a label's words. The catalogue's `label` patterns are
 * not used: some are generic ("secret key" for AWS) and would narrow a Stripe "Secret key" field to AWS.
 */
interface Namer {
  provider: string;
  spellings: string[];
}

let namers: Namer[] | null = null;
function allNamers(): Namer[] {
  if (namers) return namers;
  const byProvider = new Map<string, Namer>();
  for (const entry of CATALOGUE) {
    const namer = byProvider.get(entry.provider) ?? { provider: entry.provider, spellings: [] };
    byProvider.set(entry.provider, namer);
    const display = PROVIDER_NAMES[entry.provider] ?? entry.provider;
    // "Hugging Face" is also written "huggingface": both spellings name it.
    for (const name of [entry.provider, display, display.replace(/\s+/g, '')]) {
      const spelled = words(name);
      if (spelled.trim() && !namer.spellings.includes(spelled)) namer.spellings.push(spelled);
    }
  }
  namers = [...byProvider.values()].filter((n) => n.provider !== 'keyhaven');
  return namers;
}

/** Providers whose dashboards live on `host`. */
export function providersOnHost(host: string): Set<string> {
  return new Set(CATALOGUE.filter((e) => onEntryHost(e, host)).map((e) => e.provider));
}

export function providersForField(label: string, host: string): FieldProviders {
  const read = words(label);
  const named = allNamers()
    .filter((n) => n.spellings.some((s) => read.includes(s)))
    .map((n) => n.provider);
  if (named.length > 0) return { providers: new Set(named), from: 'label' };
  const onHost = providersOnHost(host);
  return onHost.size > 0 ? { providers: onHost, from: 'site' } : { providers: new Set(), from: null };
}

/** Whether a saved key fits the field: its provider is wanted, or it was saved from this very site. */
export function keyFitsField(key: { provider: string; url: string }, wanted: FieldProviders, host: string): boolean {
  if (wanted.providers.size === 0 || wanted.providers.has(key.provider)) return true;
  if (!key.url) return false;
  try {
    return new URL(key.url).hostname === host;
  } catch {
    return false;
  }
}
