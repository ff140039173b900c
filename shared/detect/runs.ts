/**
 * Where in a text a key may start, found in one pass. Every key is a run of KEY_CHARS at least
 * MIN_KEY_LENGTH long, and starts at the beginning of such a run or right after one of
 * KEY_STARTS_AFTER inside it (after any other key character it would be the tail of a longer token).
 * The detector tries catalogue entries at those places only (docs/decisions.md #100).
 */

/** Every character any catalogue key is made of (a test holds every entry to it). */
export const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/-=.:';
/** The shortest key in the catalogue (a test holds every entry to it). */
export const MIN_KEY_LENGTH = 20;
/** Key characters after which another key may start within the same run (`KEY=value`, `a.b`, `id:secret`). */
export const KEY_STARTS_AFTER = '=.:';

const NOT_KEY = 0;
const KEY = 1;
const SEPARATOR = 2;

/** What each ASCII character is to the scan (every key is ASCII). */
const CHAR_KIND = (() => {
  const kinds = new Uint8Array(128);
  for (const ch of KEY_CHARS) kinds[ch.charCodeAt(0)] = KEY_STARTS_AFTER.includes(ch) ? SEPARATOR : KEY;
  return kinds;
})();

function kindAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? CHAR_KIND[code]! : NOT_KEY;
}

/**
 * Calls `visit(at, segment)` for every place a key may start, in order: `segment` is how many key
 * characters follow before the next separator or the run's end (a key without separators is exactly
 * that long).
 *
 * A run at least MIN_KEY_LENGTH long always covers one of every MIN_KEY_LENGTH-th position, so only
 * those are read until one holds a key character; the run around it is then measured. Prose and code
 * are mostly short words: about a fifth of their characters are read.
 */
export function forEachKeyStart(text: string, visit: (at: number, segment: number) => void): void {
  const length = text.length;
  let floor = 0;
  for (let i = MIN_KEY_LENGTH - 1; i < length; ) {
    if (kindAt(text, i) === NOT_KEY) {
      i += MIN_KEY_LENGTH;
      continue;
    }
    // Measured both ways, noting any separator: most runs have none and are one stretch, visited without a third pass.
    let separated = kindAt(text, i) === SEPARATOR;
    let from = i;
    for (let kind; from > floor && (kind = kindAt(text, from - 1)) !== NOT_KEY; from--) separated ||= kind === SEPARATOR;
    let to = i + 1;
    for (let kind; to < length && (kind = kindAt(text, to)) !== NOT_KEY; to++) separated ||= kind === SEPARATOR;
    if (to - from >= MIN_KEY_LENGTH && !separated) {
      visit(from, to - from);
    } else if (to - from >= MIN_KEY_LENGTH) {
      let at = from;
      for (let j = from; j <= to && to - at >= MIN_KEY_LENGTH; j++) {
        if (j < to && kindAt(text, j) !== SEPARATOR) continue;
        visit(at, j - at);
        at = j + 1;
      }
    }
    // text[to] is not a key character: the next run starts after it and covers `to + MIN_KEY_LENGTH` at the latest.
    floor = to;
    i = to + MIN_KEY_LENGTH;
  }
}
