/**
 * The catalogue made ready for one pass over text: each entry's pattern as a sticky regular expression
 * tried only at the places a key can start, and an index from the first characters of each entry's
 * literal prefix to the entries that start with them. Scanning text then costs one pass for key-like
 * runs plus a map lookup per run, instead of one pass per entry (docs/decisions.md #100).
 */
import { CATALOGUE, type CatalogueEntry } from './catalogue/index.js';
import { firstChars, isMixedCase, literalPrefix, matchLength } from './pattern-reading.js';

export interface Compiled {
  entry: CatalogueEntry;
  /** Its position in COMPILED. */
  index: number;
  /** The whole key at `lastIndex`, and not followed by more token characters. */
  sticky: RegExp;
  /** Literal characters every match starts with ('' when the pattern opens with a class or a group). */
  prefix: string;
  mixedCase: boolean;
  label: RegExp | null;
  /**
   * How long the stretch between separators (runs.ts) is where this entry can match: for a pattern
   * without separators, exactly the key's length; [0, Infinity] when unknown.
   */
  length: readonly [number, number];
}

/** How many prefix characters the index is keyed on. */
const INDEX_CHARS = 2;

function compile(entry: CatalogueEntry, index: number): Compiled {
  return {
    entry,
    index,
    sticky: new RegExp(`(?:${entry.pattern})(?![A-Za-z0-9_+/=-])`, 'y'),
    prefix: literalPrefix(entry.pattern),
    mixedCase: isMixedCase(entry.pattern),
    label: entry.label ? new RegExp(entry.label, 'i') : null,
    length: matchLength(entry.pattern),
  };
}

export const COMPILED: readonly Compiled[] = CATALOGUE.map(compile);

/**
 * The entries worth trying where a key may start, by its first two characters (ASCII only, as every
 * key is): `distinctive[c0 * 128 + c1]` holds the entries with a literal prefix starting with them and
 * those whose pattern can start with c0 but has no such prefix; `generic[c0]` the generic shapes that
 * can start with c0 (tried only when something could vouch for them).
 */
export const CANDIDATES = {
  distinctive: new Array<readonly Compiled[] | undefined>(128 * 128),
  generic: new Array<readonly Compiled[] | undefined>(128),
};

for (const c of COMPILED) {
  const first = c.prefix.length >= INDEX_CHARS ? new Set([c.prefix.charCodeAt(0)]) : firstChars(c.entry.pattern);
  for (const c0 of first) {
    if (c.entry.generic) {
      CANDIDATES.generic[c0] = [...(CANDIDATES.generic[c0] ?? []), c];
      continue;
    }
    for (let c1 = 0; c1 < 128; c1++) {
      if (c.prefix.length >= INDEX_CHARS && c1 !== c.prefix.charCodeAt(1)) continue;
      const at = c0 * 128 + c1;
      CANDIDATES.distinctive[at] = [...(CANDIDATES.distinctive[at] ?? []), c];
    }
  }
}

/** Literal prefixes of distinctive shapes: a generic candidate starting with one is a failed distinctive key. */
export const KNOWN_PREFIXES: readonly string[] = [...new Set(COMPILED.filter((c) => !c.entry.generic && c.prefix.length >= 3).map((c) => c.prefix))];
