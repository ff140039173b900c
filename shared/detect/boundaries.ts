/**
 * Checks on what surrounds a candidate key, by character code (they run for every candidate, so no
 * slices or regular expressions here).
 */

const ELLIPSIS = 0x2026;
const BULLET = 0x2022;
const BLACK_CIRCLE = 0x25cf;
const ASTERISK = 0x2a;
const DOT = 0x2e;

function isMaskChar(code: number): boolean {
  return code === ELLIPSIS || code === BULLET || code === BLACK_CIRCLE || code === ASTERISK;
}

function isThreeDots(text: string, at: number): boolean {
  return at >= 0 && text.charCodeAt(at) === DOT && text.charCodeAt(at + 1) === DOT && text.charCodeAt(at + 2) === DOT;
}

/**
 * A key cut short or masked on display (`sk-proj-abc…`, `AKIA••••`, `…x7Qz`): a mask character or `...`
 * right before `start`, or right after `end` (a full stop between them allowed).
 */
export function isMasked(text: string, start: number, end: number): boolean {
  if (start > 0 && isMaskChar(text.charCodeAt(start - 1))) return true;
  if (isThreeDots(text, start - 3)) return true;
  const after = text.charCodeAt(end) === DOT && !isThreeDots(text, end) ? end + 1 : end;
  return isMaskChar(text.charCodeAt(after)) || isThreeDots(text, after);
}

function isTokenChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2d;
}

/** A dot and more token characters after the candidate: the run goes on (`a.b.c` tokens, file names), so this is only part of it. */
export function continuesWithDot(text: string, end: number): boolean {
  return text.charCodeAt(end) === DOT && isTokenChar(text.charCodeAt(end + 1));
}

/** A bare shape inside a path or file name (`main.3f9a….js`, `/assets/…`, `C:\…`) is a hash, not a key. */
export function followsPathChar(text: string, start: number): boolean {
  const code = text.charCodeAt(start - 1);
  return code === DOT || code === 0x2f || code === 0x5c;
}
