/**
 * What the tab page and the theme read back from places anyone can write: the key in the tab's address
 * (extension/ui/key-in-url.ts) and the theme kept in storage (extension/ui/theme.ts). Junk opens nothing
 * and falls back to the system's theme; good values come back as written.
 */
import { describe, expect, it } from 'vitest';
import { keyInHash } from '../../../extension/ui/key-in-url.js';
import { toTheme } from '../../../extension/ui/theme.js';

describe('the key in the tab address', () => {
  it('reads a vault id and an item id', () => {
    expect(keyInHash('#key=0f8e2c1a-7b7d-4a57-9a43-7c5e1e3b9c10/5d1c-42_ab')).toEqual({ vaultId: '0f8e2c1a-7b7d-4a57-9a43-7c5e1e3b9c10', itemId: '5d1c-42_ab' });
  });
  it('ignores anything else: no key, one id, three parts, other characters, ids too long', () => {
    for (const hash of ['', '#', '#key=', '#key=abc', '#key=a/b/c', '#key=a/<img>', '#key=../b', '#key=a/b%2Fc', '#other=a/b', `#key=a/${'x'.repeat(129)}`]) {
      expect(keyInHash(hash), hash).toBeNull();
    }
  });
});

describe('the kept theme', () => {
  it('comes back as written, and anything else is the system theme', () => {
    expect(['system', 'light', 'dark'].map(toTheme)).toEqual(['system', 'light', 'dark']);
    for (const junk of [undefined, null, '', 'Dark', 'blue', 1, {}, ['dark']]) expect(toTheme(junk)).toBe('system');
  });
});
