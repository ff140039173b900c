/**
 * "For this site": which keys belong to the site in the tab the popup was opened over. By host only:
 * a provider's dashboard (its catalogue hosts and their subdomains) brings that provider's keys, and a
 * key's own address counts on the same host, a parent or a subdomain of it, never a sibling and never
 * because a host's name appears somewhere in an address. The list request carries a host, checked as one.
 */
import { describe, expect, it } from 'vitest';
import { queryRows, SITE_ROWS, type AllRows } from '../../../extension/background/list-rows.js';
import { listRequestSchema, type ListQuery } from '../../../extension/messages/list-protocol.js';
import type { ItemSummary } from '../../../extension/messages/protocol.js';
import { summaryRow } from '../../support/summary-row.js';
import { sameSite, siteMatcher, urlHost } from '../../../extension/sites/site-keys.js';

describe('urlHost', () => {
  it('reads the host of http(s) addresses, lower case, without a trailing dot', () => {
    expect(urlHost('https://Platform.OpenAI.com/api-keys?x=1')).toBe('platform.openai.com');
    expect(urlHost('http://keys.example.org./x')).toBe('keys.example.org');
    expect(urlHost('  https://127.0.0.1:8080/  ')).toBe('127.0.0.1');
  });

  it('has no host for anything that is not a web address', () => {
    for (const address of ['', 'platform.openai.com', 'ftp://example.org/', 'chrome-extension://abc/popup.html', 'javascript:alert(1)', 'https://[::1]/', 'not a url']) expect(urlHost(address)).toBe('');
  });
});

describe('sameSite', () => {
  it('matches the same host, its parents and its subdomains', () => {
    expect(sameSite('platform.openai.com', 'platform.openai.com')).toBe(true);
    expect(sameSite('openai.com', 'platform.openai.com')).toBe(true);
    expect(sameSite('us-east-1.console.aws.amazon.com', 'console.aws.amazon.com')).toBe(true);
  });

  it('never matches siblings, look-alikes, bare top-level names or addresses by suffix', () => {
    expect(sameSite('b.vercel.app', 'a.vercel.app')).toBe(false);
    expect(sameSite('platform.openai.com.evil.dev', 'platform.openai.com')).toBe(false);
    expect(sameSite('evilopenai.com', 'openai.com')).toBe(false);
    expect(sameSite('example.com', 'com')).toBe(false);
    expect(sameSite('com', 'example.com')).toBe(false);
    expect(sameSite('1.2.3.4', '2.3.4')).toBe(false);
    expect(sameSite('', '')).toBe(false);
  });
});

describe('siteMatcher', () => {
  const key = (provider: string, urlHost = '') => ({ provider, urlHost });

  it("on a provider's dashboard, matches that provider's keys however the provider was written", () => {
    const onOpenAi = siteMatcher('platform.openai.com')!;
    expect(onOpenAi(key('openai'))).toBe(true);
    expect(onOpenAi(key('OpenAI'))).toBe(true);
    expect(onOpenAi(key(' openai '))).toBe(true);
    expect(onOpenAi(key('stripe'))).toBe(false);
    expect(onOpenAi(key('openai-proxy'))).toBe(false);
    // A region's subdomain of a dashboard is that dashboard (the content script runs there too).
    expect(siteMatcher('us-east-1.console.aws.amazon.com')!(key('aws'))).toBe(true);
  });

  it('on any site, matches the keys whose address is on it', () => {
    const onAdmin = siteMatcher('keys.acme-internal.dev')!;
    expect(onAdmin(key('', 'keys.acme-internal.dev'))).toBe(true);
    expect(onAdmin(key('', 'acme-internal.dev'))).toBe(true);
    expect(onAdmin(key('', 'other.acme-internal.dev'))).toBe(false);
    expect(onAdmin(key('openai'))).toBe(false);
  });

  it('takes no name from a page that is not a dashboard, and nothing from what is not a host', () => {
    // A site named after a provider is not its dashboard: only the catalogue's hosts are.
    expect(siteMatcher('openai.example.com')!(key('openai'))).toBe(false);
    expect(siteMatcher('platform.openai.com.evil.dev')!(key('openai'))).toBe(false);
    for (const site of ['', 'https://platform.openai.com/', 'platform.openai.com/api-keys', 'a b']) expect(siteMatcher(site)).toBeNull();
  });
});

const row = (name: string, provider: string, urlHost = '', extra: Partial<ItemSummary> = {}) => summaryRow(name, provider, { urlHost, ...extra });

const all: AllRows = {
  trashed: new Set(),
  unreadable: 0,
  items: [
    row('Admin panel token', '', 'keys.acme-internal.dev'),
    row('OpenAI dev', 'openai', '', { environment: 'development' }),
    row('OpenAI prod', 'openai', 'platform.openai.com'),
    row('Stripe live', 'stripe', 'dashboard.stripe.com'),
  ],
};

const query = (q: Partial<ListQuery> & Record<string, unknown>): ListQuery => listRequestSchema.parse({ type: 'list', ...q });
const siteNames = (q: Partial<ListQuery>) => queryRows(all, query(q)).site.items.map((i) => i.name);

describe('the list request with a site', () => {
  it("answers the site's keys in the list's order, beside the whole list", () => {
    const answer = queryRows(all, query({ site: 'platform.openai.com' }));
    expect(answer.site).toMatchObject({ total: 2, items: [{ name: 'OpenAI dev' }, { name: 'OpenAI prod' }] });
    expect(answer.total).toBe(4);
    expect(siteNames({ site: 'keys.acme-internal.dev' })).toEqual(['Admin panel token']);
  });

  it('has no section for a site no key belongs to, nor without a site', () => {
    expect(queryRows(all, query({ site: 'news.example.org' })).site).toEqual({ items: [], total: 0 });
    expect(queryRows(all, query({})).site).toEqual({ items: [], total: 0 });
  });

  it('follows the filters and the vault shown, steps aside while a search is typed, and comes with the first page only', () => {
    expect(siteNames({ site: 'platform.openai.com', filters: { environment: 'production', status: '', health: '' } })).toEqual(['OpenAI prod']);
    expect(siteNames({ site: 'platform.openai.com', vault: 'v2' })).toEqual([]);
    expect(siteNames({ site: 'platform.openai.com', query: 'openai' })).toEqual([]);
    expect(siteNames({ site: 'platform.openai.com', offset: 2, limit: 2 })).toEqual([]);
  });

  it(`sends at most ${SITE_ROWS} of a site's keys, and says how many there are`, () => {
    const many: AllRows = { unreadable: 0, trashed: new Set(), items: Array.from({ length: SITE_ROWS + 5 }, (_, i) => row(`GitHub ${String(i).padStart(2, '0')}`, 'github')) };
    const answer = queryRows(many, query({ site: 'github.com' }));
    expect(answer.site.items).toHaveLength(SITE_ROWS);
    expect(answer.site.total).toBe(SITE_ROWS + 5);
  });

  it('takes a host name as the site, never an address or anything else', () => {
    expect(query({ site: 'platform.openai.com' }).site).toBe('platform.openai.com');
    for (const site of ['https://platform.openai.com', 'platform.openai.com/api-keys', 'Platform.OpenAI.com', 'a b', 'x'.repeat(254)]) {
      expect(listRequestSchema.safeParse({ type: 'list', site }).success).toBe(false);
    }
  });
});
