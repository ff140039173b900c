import { describe, expect, it } from 'vitest';
import { CATALOGUE, guessProvider } from '../../../shared/index.js';
import { B62, HEX, randomChars as chars } from '../../support/fake-keys.js';

describe('guessProvider', () => {
  it.each([
    ['openai', 'project', () => `sk-proj-${chars(B62, 64)}`],
    ['anthropic', 'api', () => `sk-ant-api03-${chars(B62, 93)}AA`],
    ['stripe', 'restricted-live', () => `rk_live_${chars(B62, 40)}`],
    ['stripe', 'publishable-test', () => `pk_test_${chars(B62, 40)}`],
    ['github', 'fine-grained-pat', () => `github_pat_${chars(B62, 22)}_${chars(B62, 59)}`],
    ['aws', 'access-key-id', () => `AKIA${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`],
    ['google', 'api-key', () => `AIza${chars(B62, 35)}`],
    ['openrouter', 'api-key', () => `sk-or-v1-${chars(HEX, 64)}`],
    ['digitalocean', 'personal-access-token', () => `dop_v1_${chars(HEX, 64)}`],
  ])('recognises a %s %s key, with surrounding whitespace', (provider, kind, make) => {
    expect(guessProvider(`  ${make()}\n`)).toEqual({ provider, kind });
  });

  it('does not guess from shapes anyone could have', () => {
    expect(guessProvider(chars(HEX, 32))).toBeNull();
    expect(guessProvider(crypto.randomUUID())).toBeNull();
    expect(guessProvider('hunter2')).toBeNull();
    // A prefix alone, or a masked key, is not a key.
    expect(guessProvider('sk-proj-')).toBeNull();
    expect(guessProvider('sk_live_••••••••a1B2')).toBeNull();
  });

  it('every catalogue pattern compiles and names its provider and kind', () => {
    for (const entry of CATALOGUE) {
      expect(() => new RegExp(entry.pattern)).not.toThrow();
      expect(entry.provider).toMatch(/^[a-z]+$/);
      expect(entry.kind).toMatch(/^[a-z-]+$/);
    }
  });
});
