/** The generator's options: length, alphabet and prefix as asked, entropy of the random part, refusals. */
import { describe, expect, it } from 'vitest';
import {
  CHARSET_NAMES,
  CHARSETS,
  checkGeneratorOptions,
  DEFAULT_GENERATOR,
  entropyBits,
  GENERATOR_PRESETS,
  generateWith,
  matchingPreset,
  type GeneratorOptions,
} from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';

const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
const shape = (o: GeneratorOptions) => new RegExp(`^${escape(o.prefix)}[${escape(CHARSETS[o.charset])}]{${o.length}}$`);

describe('generateWith', () => {
  it.each(CHARSET_NAMES)('draws %s characters, the asked length after the prefix', (charset) => {
    for (const length of [16, 43, 128]) {
      const options = { charset, length, prefix: 'sk_live_' };
      const value = generateWith(options);
      expect(value).toMatch(shape(options));
      expect(value.length).toBe('sk_live_'.length + length);
    }
  });

  it('uses every character of the set (nothing left out of the alphabet)', () => {
    for (const charset of CHARSET_NAMES) {
      const seen = new Set(generateWith({ charset, length: 128, prefix: '' }));
      for (let i = 0; i < 40; i++) for (const c of generateWith({ charset, length: 128, prefix: '' })) seen.add(c);
      expect([...seen].sort().join('')).toBe([...CHARSETS[charset]].sort().join(''));
    }
  });

  it('maps known bytes onto the alphabet, skipping the rejected ones', () => {
    // alphanumeric has 62 symbols: 248 and above are rejected; 0 → 'A', 26 → 'a', 61 → '9'.
    const bytes = Uint8Array.from([0, 255, 26, 248, 61, ...new Array<number>(40).fill(1)]);
    const value = generateWith({ charset: 'alphanumeric', length: 16, prefix: 'x_' }, (n) => bytes.subarray(0, n));
    expect(value).toBe('x_Aa9' + 'B'.repeat(13));
  });

  it('gives a fresh value every time', () => {
    const many = new Set(Array.from({ length: 1000 }, () => generateWith(DEFAULT_GENERATOR)));
    expect(many.size).toBe(1000);
  });

  it('refuses lengths, sets and prefixes outside the rules, naming the field', async () => {
    const bad: unknown[] = [
      { ...DEFAULT_GENERATOR, length: 15 },
      { ...DEFAULT_GENERATOR, length: 129 },
      { ...DEFAULT_GENERATOR, length: 20.5 },
      { ...DEFAULT_GENERATOR, length: '43' },
      { ...DEFAULT_GENERATOR, charset: 'emoji' },
      { ...DEFAULT_GENERATOR, charset: 'toString' },
      { ...DEFAULT_GENERATOR, prefix: 'bad prefix!' },
      { ...DEFAULT_GENERATOR, prefix: 'p'.repeat(33) },
      null,
      'base64url',
    ];
    for (const options of bad) await expectCryptoError(() => generateWith(options as GeneratorOptions), 'invalid-argument');
    const error = await expectCryptoError(() => checkGeneratorOptions({ ...DEFAULT_GENERATOR, length: 7 }), 'invalid-argument');
    expect(error.message).toContain('"length"');
  });
});

describe('entropyBits', () => {
  it('counts the random part only: length × log2(set size)', () => {
    expect(entropyBits({ charset: 'hex', length: 64 })).toBe(256);
    expect(entropyBits({ charset: 'base64url', length: 43 })).toBe(258);
    expect(entropyBits({ charset: 'alphanumeric', length: 32 })).toBeCloseTo(190.53, 2);
    expect(entropyBits({ charset: 'symbols', length: 16 })).toBeCloseTo(16 * Math.log2(76), 6);
  });
});

describe('presets', () => {
  it('are valid options, distinct, and found again from their options', () => {
    for (const preset of GENERATOR_PRESETS) {
      expect(checkGeneratorOptions(preset.options)).toEqual(preset.options);
      expect(matchingPreset({ ...preset.options })).toBe(preset);
    }
    expect(new Set(GENERATOR_PRESETS.map((p) => p.id)).size).toBe(GENERATOR_PRESETS.length);
    expect(matchingPreset(DEFAULT_GENERATOR)?.id).toBe('default');
    expect(matchingPreset({ charset: 'hex', length: 20, prefix: '' })).toBeUndefined();
  });

  it('make a webhook secret whose random part is also valid base64 of 24 bytes (Standard Webhooks)', () => {
    const webhook = GENERATOR_PRESETS.find((p) => p.id === 'webhook')!;
    const value = generateWith(webhook.options);
    expect(value.startsWith('whsec_')).toBe(true);
    expect(Buffer.from(value.slice('whsec_'.length), 'base64').toString('base64')).toBe(value.slice('whsec_'.length));
    expect(Buffer.from(value.slice('whsec_'.length), 'base64')).toHaveLength(24);
  });
});
