/**
 * The single pass the detector makes (decision #100): it reads only the places a key may start and
 * tries only the entries indexed there, so what it skips has to be provably skippable. These hold the
 * catalogue to the assumptions the index is built on, and the pass to a plain reference.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, detectKeys, type Detection } from '../../../shared/index.js';
import { keepStrongest } from '../../../shared/detect/resolve.js';
import { COMPILED } from '../../../shared/detect/compiled.js';
import { firstChars, isMixedCase, literalPrefix, matchLength } from '../../../shared/detect/pattern-reading.js';
import { forEachKeyStart, KEY_CHARS, KEY_STARTS_AFTER, MIN_KEY_LENGTH } from '../../../shared/detect/runs.js';
import { B62, fakeKey, HEX, randomChars } from '../../support/fake-keys.js';

const SAMPLES = 40;

describe('the catalogue fits the index', () => {
  it.each(COMPILED.map((c) => [`${c.entry.provider} ${c.entry.kind}`, c] as const))('%s: keys use key characters, start where indexed, and have the length their stretch allows', (_, c) => {
    const first = firstChars(c.entry.pattern);
    for (let i = 0; i < SAMPLES; i++) {
      const key = fakeKey(c.entry);
      expect([...key].every((ch) => KEY_CHARS.includes(ch)), key).toBe(true);
      expect(key.length).toBeGreaterThanOrEqual(MIN_KEY_LENGTH);
      expect(key.startsWith(c.prefix)).toBe(true);
      expect(first.has(key.charCodeAt(0)), key).toBe(true);
      const stretch = key.search(new RegExp(`[${KEY_STARTS_AFTER}]`));
      const segment = stretch < 0 ? key.length : stretch;
      expect(segment).toBeGreaterThanOrEqual(c.length[0]);
      expect(segment).toBeLessThanOrEqual(c.length[1]);
    }
  });

  it('reads lengths and first characters from patterns, and says "any" when unsure', () => {
    expect(matchLength('[0-9a-f]{8}-[0-9a-f]{4}')).toEqual([13, 13]);
    expect(matchLength('sk_live_[A-Za-z0-9]{24,247}')).toEqual([32, 255]);
    expect(matchLength('figd_[A-Z]{40,}')).toEqual([45, Infinity]);
    // A separator the key must hold ends the first stretch; one that may be absent leaves it unknown.
    expect(matchLength('dp\\.st\\.[a-z]{40}')).toEqual([2, 2]);
    expect(matchLength('[A-Za-z0-9]{14}\\.atlasv1\\.[a-z]{60}')).toEqual([14, 14]);
    expect(matchLength('[0-9]{8,10}:AA[a-z]{33}')).toEqual([8, 10]);
    expect(matchLength('[A-Za-z0-9+/]{86}==')).toEqual([86, 86]);
    expect(matchLength('fm2_[A-Za-z0-9+/]{100,}={0,3}')).toEqual([0, Infinity]);
    expect(matchLength('[a-z.]{40}')).toEqual([0, Infinity]);
    expect(matchLength('[A-Za-z0-9_=-]{40}')).toEqual([0, Infinity]);
    expect(matchLength('(?:AKIA|ASIA)[A-Z]{16}')).toEqual([0, Infinity]);
    expect([...firstChars('(?:AKIA|ASIA)[A-Z]{16}')].map((c) => String.fromCharCode(c)).sort()).toEqual(['A']);
    expect([...firstChars('[MNO][a-z]{3}')].map((c) => String.fromCharCode(c))).toEqual(['M', 'N', 'O']);
    expect(firstChars('.{3}').size).toBe(128);
    // A first element that may be absent, or alternatives at the top: every start they allow.
    const chars = (p: string) => [...firstChars(p)].map((c) => String.fromCharCode(c));
    expect(chars('(?:acme_)?AC[A-Za-z0-9]{40}')).toEqual(expect.arrayContaining(['a', 'A']));
    expect(chars('[A-Z]{0,2}zk_[A-Za-z0-9]{30}')).toContain('z');
    expect(chars('a?b[0-9]{30}')).toEqual(expect.arrayContaining(['a', 'b']));
    expect(chars('AKIA[A-Z]{16}|BSIA[A-Z]{16}').sort()).toEqual(['A', 'B']);
    expect(literalPrefix('AKIA[A-Z]{16}|ASIA[A-Z]{16}')).toBe('');
    expect(literalPrefix('x\\-?y[a-z]{30}')).toBe('x');
    expect(literalPrefix('sk_live_[a-z]{30}')).toBe('sk_live_');
    // Mixed case only where a long stretch draws from both cases: a six-character tail often lacks one.
    expect(isMixedCase('hf_[A-Za-z]{34}')).toBe(true);
    expect(isMixedCase('rpa_[A-Z0-9]{40}[A-Za-z0-9]{6}')).toBe(false);
    expect(isMixedCase('shpat_[a-fA-F0-9]{32}')).toBe(false);
  });

  it('has an entry for every provider it claims, each compiled once', () => {
    expect(COMPILED.length).toBe(CATALOGUE.length);
  });
});

/** The places a key may start, worked out the obvious way: every run start and every position after a separator. */
function reference(text: string): [number, number][] {
  const out: [number, number][] = [];
  const chars = new RegExp(`[${KEY_CHARS.replace(/[-\\\]^]/g, '\\$&')}]{${MIN_KEY_LENGTH},}`, 'g');
  for (const m of text.matchAll(chars)) {
    const end = m.index + m[0].length;
    let at = m.index;
    for (let j = m.index; j <= end; j++) {
      if (j < end && !KEY_STARTS_AFTER.includes(text[j]!)) continue;
      if (end - at >= MIN_KEY_LENGTH) out.push([at, j - at]);
      at = j + 1;
    }
  }
  return out;
}

describe('the pass over text', () => {
  it('visits exactly the places a plain scan would, on random text', () => {
    const alphabet = 'abcXYZ019_-+/=.: \n"\'…é€😀';
    for (let t = 0; t < 400; t++) {
      const bias = Math.random();
      const text = Array.from({ length: Math.floor(Math.random() * 400) }, () => (Math.random() < bias ? B62[Math.floor(Math.random() * 62)] : alphabet[Math.floor(Math.random() * alphabet.length)])).join('');
      const visited: [number, number][] = [];
      forEachKeyStart(text, (at, segment) => visited.push([at, segment]));
      expect(visited).toEqual(reference(text));
    }
  });

  it('visits every run however it lines up with the positions it reads first', () => {
    for (let offset = 0; offset < 45; offset++) {
      for (let length = MIN_KEY_LENGTH - 2; length < 45; length++) {
        const text = `${' '.repeat(offset)}${'k'.repeat(length)} ${'z'.repeat(offset % 23)}`;
        const visited: [number, number][] = [];
        forEachKeyStart(text, (at, segment) => visited.push([at, segment]));
        expect(visited, `${offset}/${length}`).toEqual(reference(text));
      }
    }
  });

  it('finds a key wherever one may start inside a longer run, and not glued to a token', () => {
    const key = fakeKey(CATALOGUE.find((e) => e.provider === 'stripe' && e.kind === 'secret-live')!);
    for (const text of [`STRIPE_SECRET_KEY=${key}`, `stripe:${key}`, `config.${key}`, `x=${randomChars(HEX, 30)}.${key}`]) {
      expect(detectKeys(text).map((d) => d.value), text).toEqual([key]);
    }
    for (const text of [`prefix${key}`, `a/${key}`, `${key}.more`, `${key}_more`]) expect(detectKeys(text), text).toEqual([]);
  });

  it('finds keys among long runs that hold none, whatever their length', () => {
    const key = fakeKey(CATALOGUE.find((e) => e.provider === 'github' && e.kind === 'classic-pat')!);
    for (let filler = 0; filler < 45; filler++) {
      const text = `${'x'.repeat(filler)} ${randomChars(B62, filler)} ${key} ${randomChars(HEX, 64)}`;
      expect(detectKeys(text).map((d) => d.value)).toEqual([key]);
    }
  });
});

describe('choosing among candidates', () => {
  /** The rule as first written: strongest first, each against every one kept. */
  function strongestFirst(found: Detection[]): Detection[] {
    const kept: Detection[] = [];
    for (const d of [...found].sort((a, b) => b.confidence - a.confidence || b.value.length - a.value.length)) {
      if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
    }
    return kept.sort((a, b) => a.start - b.start);
  }

  it('keeps what strongest-first keeps, cluster by cluster', () => {
    for (let t = 0; t < 300; t++) {
      const found: Detection[] = [];
      for (let start = 0; start < 400; start += 1 + Math.floor(Math.random() * 30)) {
        const length = 20 + Math.floor(Math.random() * 40);
        found.push({ provider: 'p', kind: 'k', value: 'x'.repeat(length), start, end: start + length, confidence: [0.5, 0.6, 0.9, 0.99][Math.floor(Math.random() * 4)]!, evidence: 'prefix' });
      }
      expect(keepStrongest(found, ' '.repeat(500))).toEqual(strongestFirst(found));
    }
  });

  it('leaves out keys inside a JWT, however the token is surrounded', () => {
    const key = fakeKey(CATALOGUE.find((e) => e.provider === 'github' && e.kind === 'classic-pat')!);
    const jwt = `eyJ${randomChars(B62, 20)}.eyJ${randomChars(B62, 30)}.${key}`;
    expect(detectKeys(`Bearer ${jwt}`)).toEqual([]);
    expect(detectKeys(`eyJ${'eyJ'.repeat(50)} ${key} ${jwt}`).map((d) => d.value)).toEqual([key]);
  });

  it('finds a key that embeds a JWT (GitHub stateless installation tokens), while a bare JWT stays out', () => {
    const b64url = (n: number) => randomChars(`${B62}_-`, n);
    const jwt = `eyJ${b64url(33)}.eyJ${b64url(380)}.${b64url(86)}`;
    const token = `ghs_${randomChars('0123456789', 7)}_${jwt}`;
    expect(detectKeys(`GITHUB_TOKEN=${token}\n`).map((d) => [d.provider, d.kind, d.value])).toEqual([['github', 'installation', token]]);
    expect(detectKeys(`Authorization: Bearer ${jwt}`)).toEqual([]);
  });
});
