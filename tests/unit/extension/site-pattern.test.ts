/** What a person may type to watch a site, and the one pattern KeyHaven asks the browser for. */
import { describe, expect, it } from 'vitest';
import { BackgroundError } from '../../../extension/background/errors.js';
import { isBuiltInDashboard, sitePattern } from '../../../extension/sites/site-pattern.js';

describe('sitePattern', () => {
  it('turns a host or an address into that host, over HTTPS, every path', () => {
    expect(sitePattern('dash.example.com')).toBe('https://dash.example.com/*');
    expect(sitePattern('  https://Dash.Example.com:8443/keys?tab=1#new ')).toBe('https://dash.example.com/*');
    expect(sitePattern('https://xn--bcher-kva.example/')).toBe('https://xn--bcher-kva.example/*');
  });

  it('refuses anything wider than one site, or not a site, with words saying why', () => {
    for (const [input, words] of [
      ['', 'type the address'],
      ['http://dash.example.com', 'only HTTPS'],
      ['ftp://dash.example.com', 'only HTTPS'],
      ['*.example.com', 'not'],
      ['https://*/*', 'not'],
      ['localhost', 'not a site'],
      ['10.0.0.5', 'not a site'],
      ['exa mple.com', 'not'],
      ['-bad-.example.com', 'not a site'],
    ] as const) {
      expect(() => sitePattern(input), input).toThrow(BackgroundError);
      expect(() => sitePattern(input), input).toThrow(words);
    }
  });

  it('knows the dashboards the manifest already covers, subdomains included', () => {
    expect(isBuiltInDashboard('platform.openai.com')).toBe(true);
    expect(isBuiltInDashboard('eu.dashboard.stripe.com')).toBe(true);
    expect(isBuiltInDashboard('dash.example.com')).toBe(false);
  });
});
