/**
 * Reading the catalogue's patterns without running them: the literal prefix every key starts with, the
 * characters it may start with, the length of its first stretch, and whether it is mixed-case. The
 * single-pass index (compiled.ts) is built from these.
 */
import { KEY_STARTS_AFTER } from './runs.js';

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
