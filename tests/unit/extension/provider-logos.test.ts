/**
 * Which logo a key's provider gets: by catalogue id or by the name a person typed, case and punctuation
 * aside; none for a provider KeyHaven has no logo of. And the generated table holds only the
 * catalogue's providers, each an SVG path with colours that are hex or null.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../shared/index.js';
import { logoIn } from '../../../extension/ui/logos/logo-for.js';
import { PROVIDER_LOGOS } from '../../../extension/ui/logos/provider-logos.generated.js';

describe('provider logos', () => {
  it('matches the catalogue id and the names a person writes', () => {
    expect(logoIn(PROVIDER_LOGOS, 'github')?.title).toBe('GitHub');
    expect(logoIn(PROVIDER_LOGOS, 'GitHub')?.title).toBe('GitHub');
    expect(logoIn(PROVIDER_LOGOS, 'Hugging Face')?.title).toBe('Hugging Face');
    expect(logoIn(PROVIDER_LOGOS, 'Auth0')).toBe(PROVIDER_LOGOS.authzero);
    expect(logoIn(PROVIDER_LOGOS, 'Docker Hub')).toBe(PROVIDER_LOGOS.dockerhub);
  });

  it('has none for an unknown provider, an empty one, or before the logos are loaded', () => {
    expect(logoIn(PROVIDER_LOGOS, 'acme')).toBeNull();
    expect(logoIn(PROVIDER_LOGOS, '')).toBeNull();
    expect(logoIn(PROVIDER_LOGOS, '  --  ')).toBeNull();
    expect(logoIn(null, 'github')).toBeNull();
    // Left out on purpose: Simple Icons' "X" is not xAI's mark.
    expect(logoIn(PROVIDER_LOGOS, 'xai')).toBeNull();
  });

  it('holds only catalogue providers, as paths and hex colours', () => {
    const known = new Set(CATALOGUE.map((e) => e.provider));
    for (const [id, logo] of Object.entries(PROVIDER_LOGOS)) {
      expect(known.has(id), id).toBe(true);
      expect(logo.path).toMatch(/^[Mm][\d\s.,\-a-zA-Z]+$/);
      for (const colour of [logo.light, logo.dark]) expect(colour === null || /^#[0-9A-F]{6}$/i.test(colour), `${id}: ${colour}`).toBe(true);
    }
    expect(Object.keys(PROVIDER_LOGOS).length).toBeGreaterThan(100);
  });
});
