/**
 * The catalogue made ready for one pass over text: each entry's pattern as a sticky regular expression
 * tried only at the places a key can start, and an index from the first characters of each entry's
 * literal prefix to the entries that start with them. Scanning text then costs one pass for key-like
 * runs plus a map lookup per run, instead of one pass per entry (docs/decisions.md #100).
 */
import { CATALOGUE, type CatalogueEntry } from './catalogue/index.js';
import { KEY_STARTS_AFTER } from './runs.js';

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

/** The literal characters every match of a pattern starts with ('' when unsure). */
export function literalPrefix(pattern: string): string {
  if (alternativesOf(pattern).length > 1) return ''; // `a…|b…`: no prefix every match shares
  let out = '';
  let i = 0;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
    } else if ('[](){}*+?|^$.'.includes(ch)) {
      break;
    } else {
      out += ch;
    }
  }
  // A quantifier applies to the character before it, which is then not certain to be there once.
  return /^[{*+?]/.test(pattern.slice(i)) ? out.slice(0, -1) : out;
}

/**
 * Whether a random key of this pattern shows both cases: some class holds both and repeats at least 20
 * times. A short mixed-case tail after an upper-case body (`rpa_[A-Z0-9]{40}[A-Za-z0-9]{6}`) lacks a lower-case
 * letter one time in 26, so it must not make the whole key count as mixed-case.
 */
export function isMixedCase(pattern: string): boolean {
  for (const m of pattern.matchAll(/\[((?:\\.|[^\]\\])*)\]\{(\d+)/g)) {
    if (m[1]!.includes('A-Z') && m[1]!.includes('a-z') && Number(m[2]) >= 20) return true;
  }
  return false;
}

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

const ANY_LENGTH = [0, Infinity] as const;

/**
 * The shortest and longest first stretch (up to the first separator, runs.ts) of a pattern made only of
 * classes and literals with `{n}`, `{n,}` or `{n,m}` (every generic shape is one). A literal separator
 * that must be there ends the stretch (`dp\\.st\\.…` → 2), so keys with dots are still indexed by length;
 * ANY_LENGTH for anything else, or for a class or optional literal that may or may not be a separator.
 */
export function matchLength(pattern: string): readonly [number, number] {
  let min = 0;
  let max = 0;
  for (let i = 0; i < pattern.length; ) {
    let atomEnd: number;
    if (pattern[i] === '[') {
      atomEnd = classEnd(pattern.slice(i)) + i + 1;
      if (atomEnd <= i || new RegExp(pattern.slice(i, atomEnd)).test(KEY_STARTS_AFTER)) return ANY_LENGTH;
    } else {
      atomEnd = pattern[i] === '\\' ? i + 2 : i + 1;
      const literal = pattern[i] === '\\' ? pattern[i + 1] ?? '' : pattern[i]!;
      // An escape that stands for a class (\d, \w) is fine unless it may be a separator; the rest is too complex to judge.
      if (pattern[i] !== '\\' && '()|*+?^$.'.includes(literal)) return ANY_LENGTH;
      if (/[A-Za-z]/.test(literal) && pattern[i] === '\\' && literal !== 'd') return ANY_LENGTH;
      if (KEY_STARTS_AFTER.includes(literal)) {
        // Certain to be there exactly once: the stretch ends here. Quantified, it may be absent.
        return /^[*+?{]/.test(pattern.slice(atomEnd)) ? ANY_LENGTH : [min, max];
      }
    }
    const quantifier = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(atomEnd));
    if (!quantifier && /^[*+?{]/.test(pattern.slice(atomEnd))) return ANY_LENGTH;
    const low = quantifier ? Number(quantifier[1]) : 1;
    const high = !quantifier ? 1 : quantifier[2] === undefined ? low : quantifier[3] ? Number(quantifier[3]) : Infinity;
    min += low;
    max += high;
    i = atomEnd + (quantifier?.[0].length ?? 0);
  }
  return [min, max];
}

/**
 * The ASCII characters a match of `pattern` can start with, read from its first element: a literal, a
 * class, or a group of alternatives. Anything else, or a first element that may be absent (`?`, `*`,
 * `{0,…}`), could start with any character.
 */
export function firstChars(pattern: string): Set<number> {
  const all = () => new Set(Array.from({ length: 128 }, (_, i) => i));
  const alternatives = alternativesOf(pattern);
  if (alternatives.length > 1) return new Set(alternatives.flatMap((a) => [...firstChars(a)]));
  const head = pattern[0];
  if (head === undefined) return all();
  let end: number;
  let chars: Set<number>;
  if (head === '[') {
    end = classEnd(pattern) + 1;
    if (end <= 0) return all();
    const cls = new RegExp(`^${pattern.slice(0, end)}$`);
    chars = new Set(Array.from({ length: 128 }, (_, i) => i).filter((i) => cls.test(String.fromCharCode(i))));
  } else if (pattern.startsWith('(?:')) {
    end = groupEnd(pattern) + 1;
    if (end <= 0) return all();
    chars = firstChars(pattern.slice(3, end - 1));
  } else if (head === '\\') {
    const next = pattern[1];
    if (next === undefined || /[A-Za-z0-9]/.test(next)) return all();
    end = 2;
    chars = new Set([next.charCodeAt(0)]);
  } else {
    if ('()|.^$*+?{'.includes(head)) return all();
    end = 1;
    chars = new Set([head.charCodeAt(0)]);
  }
  return /^(?:[?*]|\{0[,}])/.test(pattern.slice(end)) ? all() : chars;
}

/** Index of the `]` closing the class that opens `pattern`, or -1. */
function classEnd(pattern: string): number {
  for (let i = 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > 1) return i;
  }
  return -1;
}

/**
 * Visits each character of `pattern` outside escapes and classes, with the group depth before it,
 * until `visit` returns true. Returns where it stopped (`pattern.length` at the end), or -1 for a class
 * that is never closed.
 */
function walkSyntax(pattern: string, visit: (i: number, ch: string, depth: number) => boolean | void): number {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      const close = classEnd(pattern.slice(i));
      if (close < 0) return -1;
      i += close;
      continue;
    }
    if (visit(i, ch, depth)) return i;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  return pattern.length;
}

/** Index of the `)` closing the group that opens `pattern`, or -1. */
function groupEnd(pattern: string): number {
  const end = walkSyntax(pattern, (_, ch, depth) => ch === ')' && depth === 1);
  return end < pattern.length ? end : -1;
}

/** The top-level alternatives of a pattern (one when it has no top-level `|`). */
function alternativesOf(pattern: string): string[] {
  const cuts: number[] = [];
  if (walkSyntax(pattern, (i, ch, depth) => void (ch === '|' && depth === 0 && cuts.push(i))) < 0) return [pattern];
  return [...cuts, pattern.length].map((cut, k) => pattern.slice(k === 0 ? 0 : cuts[k - 1]! + 1, cut));
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
