/** What a person may type to watch a site, and the one pattern KeyHaven asks the browser for. */
import { describe, expect, it } from 'vitest';
import { BackgroundError } from '../../../extension/background/errors.js';
import { isBuiltInDashboard, sitePattern } from '../../../extension/sites/site-pattern.js';

describe('sitePattern', () => {
  it('turns a host or an address into that host, over HTTPS, every path', () => {
    expect(sitePattern('dash.example.com')).toBe('https://dash.example.com/*');
    expect(sitePattern('  https://Dash.Example.com:8443/keys?tab=1#new ')).toBe('https://dash.example.com/*');
    expect(sitePattern('https://xn--bcher-kva.example/')).toBe('https://xn--bcher-kva.example/*');
    expect(sitePattern('dash.example.com.')).toBe('https://dash.example.com/*');
    expect(sitePattern('https://admin@Vault.Acme.dev:8443/x?y#z')).toBe('https://vault.acme.dev/*');
  });

  it('refuses anything wider than one site, or not a site, with words saying why', () => {
    for (const [input, words] of [
      ['', 'Type the address'],
      ['http://dash.example.com', 'Only HTTPS'],
      ['ftp://dash.example.com', 'Only HTTPS'],
      ['*.example.com', '"*.example.com" is not a site'],
      ['https://*/*', 'not a site'],
      ['localhost', 'not a site'],
      ['10.0.0.5', 'not a site'],
      ['this is not a site', '"this is not a site" is not'],
      ['-bad-.example.com', 'not a site'],
    ] as const) {
      expect(() => sitePattern(input), input).toThrow(BackgroundError);
      expect(() => sitePattern(input), input).toThrow(words);
    }
  });

  it('knows the dashboards the manifest already covers, exactly as its matches name them', () => {
    expect(isBuiltInDashboard('platform.openai.com')).toBe(true);
    // Not covered by the manifest's `https://dashboard.stripe.com/*`, so a person may watch it.
    expect(isBuiltInDashboard('eu.dashboard.stripe.com')).toBe(false);
    expect(isBuiltInDashboard('dash.example.com')).toBe(false);
  });
});
