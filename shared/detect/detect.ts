/**
 * Finds API keys in text: every catalogue shape, with boundaries, checksums, the shape tests of
 * shape.ts, and the rule that generic shapes need a label or the provider's host. Pure and synchronous:
 * the content script runs it on page text, the CLI and tests on strings.
 *
 * A key pair (AWS access key id + secret) comes back as one result per part, each carrying
 * `pair: {group, role}`; the caller joins the parts it finds together (pair.ts).
 */
import { CATALOGUE, type CatalogueEntry } from './catalogue.js';
import { hasValidChecksum } from './checksum.js';
import { labelBefore, SECRET_LABEL } from './labels.js';
import { looksRandom } from './shape.js';

export interface DetectContext {
  /** The page's host: generic shapes count on their provider's dashboard host. */
  host?: string;
  /** The label shown with the text (a field's label, a column header), or a function that finds it when needed. */
  label?: string | (() => string | undefined);
}

/** Why a candidate counts, strongest first. */
export type Evidence = 'checksum' | 'prefix' | 'host-and-label' | 'named-label' | 'host' | 'label';

/** How sure the detector is, by evidence (documented in docs/decisions.md #40). */
export const CONFIDENCE: Record<Evidence, number> = {
  checksum: 0.99,
  prefix: 0.9,
  'host-and-label': 0.85,
  'named-label': 0.8,
  host: 0.6,
  label: 0.5,
};

export interface Detection {
  /** Catalogue provider, or `unknown` for a generic shape that only a label vouches for. */
  provider: string;
  kind: string;
  /** The key exactly as written. */
  value: string;
  /** UTF-16 offsets into the scanned text: `text.slice(start, end) === value`. */
  start: number;
  end: number;
  confidence: number;
  evidence: Evidence;
  pair?: { group: string; role: 'id' | 'secret' };
}

interface Compiled {
  entry: CatalogueEntry;
  re: RegExp;
  /** Literal characters every match starts with ('' when the pattern opens with a class). */
  prefix: string;
  mixedCase: boolean;
  label: RegExp | null;
}

/**
 * A character before a key that makes it part of a longer token (after a key, the pattern's lookahead
 * also refuses `=`, base64 padding; before it, `=` is how env files assign).
 */
const TOKEN_CHAR_BEFORE = /[A-Za-z0-9_+/-]/;
/** A key cut short or masked on display (`sk-proj-abc…`, `AKIA••••`) is not the key. */
const MASK_AFTER = /^\.?(?:…|\.\.\.|[•*●])/;
const MASK_BEFORE = /(?:…|\.\.\.|[•*●])$/;

/** The literal characters a pattern starts with. */
function literalPrefix(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
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
  return /^[{*+?]/.test(pattern.slice(out.length)) ? out.slice(0, -1) : out;
}

const COMPILED: Compiled[] = CATALOGUE.map((entry) => ({
  entry,
  re: new RegExp(`(?:${entry.pattern})(?![A-Za-z0-9_+/=-])`, 'g'),
  prefix: literalPrefix(entry.pattern),
  mixedCase: /A-Z|A-Za-z/.test(entry.pattern) && /a-z/.test(entry.pattern),
  label: entry.label ? new RegExp(entry.label, 'i') : null,
}));

/** Literal prefixes of distinctive shapes: a generic candidate starting with one is a failed distinctive key. */
const KNOWN_PREFIXES = [...new Set(COMPILED.filter((c) => !c.entry.generic && c.prefix.length >= 3).map((c) => c.prefix))];

function onHost(entry: CatalogueEntry, host: string | undefined): boolean {
  return !!host && !!entry.hosts?.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Spans that hold key-shaped runs but never a key: JWTs and data: URLs (images, fonts). */
function excludedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const patterns = [
    text.includes('eyJ') ? /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g : null,
    text.includes('data:') ? /data:[a-z]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/gi : null,
  ];
  for (const re of patterns) {
    if (!re) continue;
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** The label for a generic candidate: written just before it, else the one the caller knows. */
function labelFor(text: string, start: number, context: DetectContext, known: { label?: string; looked: boolean }): string | undefined {
  const inline = labelBefore(text, start);
  if (inline) return inline;
  if (!known.looked) {
    known.looked = true;
    known.label = typeof context.label === 'function' ? context.label() : context.label;
  }
  return known.label;
}

/** Which evidence makes a generic candidate count, and whose key it then is; null: it does not count. */
function judgeGeneric(c: Compiled, host: boolean, label: string | undefined): { evidence: Evidence; provider: string; kind: string } | null {
  const named = !!label && (!!c.label?.test(label) || label.toLowerCase().includes(c.entry.provider));
  const secret = !!label && (named || SECRET_LABEL.test(label));
  const own = { provider: c.entry.provider, kind: c.entry.kind };
  if (host && secret) return { evidence: 'host-and-label', ...own };
  if (named) return { evidence: 'named-label', ...own };
  if (host && c.entry.generic === 'label-or-host') return { evidence: 'host', ...own };
  if (secret) return { evidence: 'label', provider: 'unknown', kind: 'api-key' };
  return null;
}

function scanEntry(c: Compiled, text: string, context: DetectContext, known: { label?: string; looked: boolean }, out: Detection[]): void {
  const { entry } = c;
  const host = onHost(entry, context.host);
  c.re.lastIndex = 0;
  for (let m = c.re.exec(text); m; m = c.re.exec(text)) {
    const value = m[0];
    const start = m.index;
    const end = start + value.length;
    const before = text.slice(Math.max(0, start - 3), start);
    if (before && TOKEN_CHAR_BEFORE.test(before.at(-1)!)) continue;
    const after = text.slice(end, end + 3);
    if (MASK_BEFORE.test(before) || MASK_AFTER.test(after)) continue;
    // A dot and more token characters: the run goes on (`a.b.c` tokens, file names), so this is only part of it.
    if (/^\.[A-Za-z0-9_-]/.test(after)) continue;
    if (!looksRandom(value.slice(c.prefix.length), c.mixedCase)) continue;
    if (entry.checksum && !hasValidChecksum(entry.checksum, value)) continue;
    let judged: { evidence: Evidence; provider: string; kind: string } | null;
    if (entry.generic) {
      // A bare shape inside a path or file name (`main.3f9a….js`, `/assets/…`) is a hash, not a key.
      if (/[./\\]$/.test(before)) continue;
      if (KNOWN_PREFIXES.some((p) => value.startsWith(p))) continue;
      judged = judgeGeneric(c, host, labelFor(text, start, context, known));
      if (!judged) continue;
    } else {
      judged = { evidence: entry.checksum ? 'checksum' : 'prefix', provider: entry.provider, kind: entry.kind };
    }
    const confidence = Math.min(0.99, Math.round((CONFIDENCE[judged.evidence] + (host && !entry.generic ? 0.05 : 0)) * 100) / 100);
    out.push({ ...judged, value, start, end, confidence, ...(entry.pair ? { pair: entry.pair } : {}) });
  }
}

/** Every key in `text`, in order of position; where candidates overlap, the strongest wins. */
/** Every key has at least 20 characters in a row from this set: text without such a run has none. */
const KEYISH_RUN = /[A-Za-z0-9_+/=.:-]{20}/;
/** Every generic shape is a run of at least 24 of these. */
const GENERIC_RUN = /[A-Za-z0-9_+/-]{24}/;

export function detectKeys(text: string, context: DetectContext = {}): Detection[] {
  if (text.length < 20 || !KEYISH_RUN.test(text)) return [];
  const found: Detection[] = [];
  const known = { looked: false } as { label?: string; looked: boolean };
  // Generic shapes are only worth matching when something could vouch for them.
  const generic = GENERIC_RUN.test(text);
  const mayVouch = generic && (!!context.label || SECRET_LABEL.test(text));
  for (const c of COMPILED) {
    if (c.prefix && !text.includes(c.prefix)) continue;
    if (c.entry.generic && !mayVouch && !(generic && c.entry.generic === 'label-or-host' && onHost(c.entry, context.host))) continue;
    scanEntry(c, text, context, known, found);
  }
  if (found.length === 0) return found;
  const excluded = excludedSpans(text);
  const kept: Detection[] = [];
  for (const d of [...found].sort((a, b) => b.confidence - a.confidence || b.value.length - a.value.length)) {
    if (excluded.some(([s, e]) => d.start < e && s < d.end)) continue;
    if (kept.some((k) => d.start < k.end && k.start < d.end)) continue;
    kept.push(d);
  }
  return kept.sort((a, b) => a.start - b.start);
}
