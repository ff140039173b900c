/**
 * Which keys belong to the site in the active tab, for the popup's "For this site" section. Two ways,
 * both by host and never by a substring of an address (`platform.openai.com.evil.dev` or
 * `evil.dev/?platform.openai.com` name no OpenAI site):
 * - the site is a provider's dashboard (the catalogue's `hosts`, their subdomains too, as the content
 *   script runs there): that provider's keys;
 * - the key's own address (`url`: the page it was saved from, or what the person typed) is on this
 *   host, on a parent of it or on a subdomain of it (`console.aws.amazon.com` and
 *   `us-east-1.console.aws.amazon.com`), but never a sibling (`a.vercel.app` and `b.vercel.app` are
 *   two people's sites; telling `app.example.com` and `api.example.com` apart from those needs the
 *   public suffix list, which the extension does not ship: docs/decisions.md #108).
 */
import { providersOnHost } from '../../shared/detect/field-providers.js';
import { PROVIDER_NAMES } from '../../shared/detect/catalogue/names.js';
import { HOST_PATTERN } from './host-name.js';

export { urlHost } from './host-name.js';

const isAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** `parent` is `child` with labels taken off the left, and still a name of two labels or more (not `com`). */
function isParentDomain(parent: string, child: string): boolean {
  return parent.includes('.') && !isAddress(parent) && child.endsWith(`.${parent}`);
}

/** Whether a key saved from `saved` belongs on `site`: the same host, a parent of it, or a subdomain of it. */
export function sameSite(site: string, saved: string): boolean {
  if (!site || !saved) return false;
  return site === saved || isParentDomain(saved, site) || isParentDomain(site, saved);
}

/** How a person may have written a provider: its catalogue id (`openai`) or its name (`OpenAI`, `Hugging Face`). */
function providerSpellings(ids: ReadonlySet<string>): Set<string> {
  const spellings = new Set<string>();
  for (const id of ids) {
    const name = (PROVIDER_NAMES[id] ?? id).toLowerCase();
    for (const s of [id, name, name.replace(/\s+/g, '')]) spellings.add(s);
  }
  return spellings;
}

/** What a row needs for the match: its provider as saved, and the host of its address (ItemSummary has both). */
export interface SiteFacts {
  provider: string;
  urlHost: string;
}

/** A test for "this key belongs to `site`"; null when nothing could (no site). */
export function siteMatcher(site: string): ((row: SiteFacts) => boolean) | null {
  const host = site.toLowerCase().replace(/\.$/, '');
  if (!HOST_PATTERN.test(host)) return null;
  const providers = providerSpellings(providersOnHost(host));
  return (row) => providers.has(row.provider.trim().toLowerCase()) || sameSite(host, row.urlHost);
}
