/**
 * The checks a candidate's own characters must pass wherever it was found (detect.ts's scan, or beside
 * the other half of its pair in partners.ts).
 */
import { hasValidChecksum } from './checksum.js';
import { KNOWN_PREFIXES, type Compiled } from './compiled.js';
import { isDocumentationSample } from './samples.js';
import { looksRandom, readsAsWords } from './shape.js';

/** Known prefixes by their first three characters (every one has at least three). */
const KNOWN_BY_HEAD = new Map<string, string[]>();
for (const p of KNOWN_PREFIXES) KNOWN_BY_HEAD.set(p.slice(0, 3), [...(KNOWN_BY_HEAD.get(p.slice(0, 3)) ?? []), p]);

/** A generic candidate starting with a distinctive entry's prefix is that entry's key, failed: not a generic one. */
export function startsWithKnownPrefix(value: string): boolean {
  return !!KNOWN_BY_HEAD.get(value.slice(0, 3))?.some((p) => value.startsWith(p));
}

/** Randomness, checksum, and not a key a provider published as a sample (samples.ts). */
export function passesShape(c: Compiled, value: string): boolean {
  if (!looksRandom(value.slice(c.prefix.length), c.mixedCase)) return false;
  // Only a label vouches for a generic shape, and in code a label word is often followed by an identifier.
  if (c.entry.generic && readsAsWords(value)) return false;
  if (c.entry.checksum && !hasValidChecksum(c.entry.checksum, value)) return false;
  return !isDocumentationSample(value);
}
