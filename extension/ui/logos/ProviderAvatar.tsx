/**
 * The round mark at the start of a key's row and page: the provider's logo when KeyHaven carries one
 * (Simple Icons, bundled: never fetched, so no page or server learns which providers a person uses),
 * else the first letters of the provider or the key's name. Decorative: the provider is in the text.
 */
import type { CSSProperties } from 'react';
import { useProviderLogo } from './logo-for.js';

export function ProviderAvatar({ provider, name }: { provider: string; name: string }) {
  const logo = useProviderLogo(provider);
  if (!logo)
    return (
      <span className="avatar" aria-hidden="true">
        {(provider || name).slice(0, 2).toUpperCase()}
      </span>
    );
  // The brand colour only where it reads on the tile in that theme (favourites.css picks by theme).
  const colours = { '--logo-light': logo.light ?? undefined, '--logo-dark': logo.dark ?? undefined } as CSSProperties;
  return (
    <span className="avatar logo" aria-hidden="true" data-logo={logo.title} style={colours}>
      <svg viewBox="0 0 24 24" focusable="false">
        <path d={logo.path} />
      </svg>
    </span>
  );
}
