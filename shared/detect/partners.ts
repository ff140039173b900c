/**
 * The other half of a key pair, found beside the half the scan found. An AWS secret access key or a
 * Twilio auth token has no prefix of its own, and the layouts developers paste often leave it without
 * a label the scan can read on its line: a console CSV (`AKIA…,secret` under a header line), JSON whose
 * key is `SecretAccessKey`, Terraform's `secret_key`, or `Client("AC…", "…")` in code. Next to its id,
 * within a few lines, such a shape is that id's secret (and a labelled secret vouches for its id the
 * same way).
 */
import { continuesWithDot, followsPathChar, isMasked } from './boundaries.js';
import { COMPILED, type Compiled } from './compiled.js';
import type { Detection } from './detect.js';
import { KEY_CHARS } from './runs.js';
import { passesShape, startsWithKnownPrefix } from './vet.js';

/** How far from one half the other may start or end: a CSV row, an ini section, a JSON object, a few env lines. */
const WINDOW = 240;

/** Pair entries by `group/role`. */
const PARTS = new Map<string, Compiled[]>();
for (const c of COMPILED) {
  if (!c.entry.pair) continue;
  const key = `${c.entry.pair.group}/${c.entry.pair.role}`;
  PARTS.set(key, [...(PARTS.get(key) ?? []), c]);
}

/** Longer than any key the catalogue describes: a detection starting further back cannot reach `from`. */
const LONGEST_KEY = 8192;

/** The detections in `sorted` (by start) that overlap [from, to). */
function near(sorted: readonly Detection[], from: number, to: number): Detection[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.start < from - LONGEST_KEY) low = mid + 1;
    else high = mid;
  }
  const out: Detection[] = [];
  for (let i = low; i < sorted.length && sorted[i]!.start < to; i++) if (sorted[i]!.end > from) out.push(sorted[i]!);
  return out;
}

const EQUALS = 0x3d;
const COLON = 0x3a;

/** Every place in `text` a key may begin: a run's first character, or the one after `=` or `:` (`KEY=value`, `id:secret`). */
function keyStarts(text: string): number[] {
  const starts: number[] = [];
  let previousIsKey = false;
  for (let at = 0; at < text.length; at++) {
    const isKey = KEY_CHARS.includes(text[at]!);
    if (isKey) {
      const before = text.charCodeAt(at - 1);
      if (!previousIsKey || before === EQUALS || before === COLON) starts.push(at);
    }
    previousIsKey = isKey;
  }
  return starts;
}

/** The index of the first element of sorted `xs` that is at least `value`. */
function lowerBound(xs: readonly number[], value: number): number {
  let low = 0;
  let high = xs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (xs[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A value written under a name that says it is not a secret (`"ETag": "…"`, `sha256=…`, `digest: …`,
 * `message_id: …`): shaped like a key and next to an id, but not its partner.
 */
const NAMED_NOT_SECRET = /(?:e[-_]?tag|hash|sha(?:1|256|512)?|md5|digest|checksum|fingerprint|signature|nonce|salt|(?<![a-z])ids?)["'`]?\s*(?:=>|[:=,])?\s*["'`]?$/i;

/** One half of a pair at `start`, vouched for by the other half beside it rather than by a label. */
function partAt(c: Compiled, start: number, text: string, confidence: number): Detection | null {
  c.sticky.lastIndex = start;
  const m = c.sticky.exec(text);
  if (!m) return null;
  const value = m[0];
  const end = start + value.length;
  if (isMasked(text, start, end) || continuesWithDot(text, end) || followsPathChar(text, start)) return null;
  if ((c.entry.generic && startsWithKnownPrefix(value)) || !passesShape(c, value)) return null;
  if (NAMED_NOT_SECRET.test(text.slice(Math.max(0, start - 24), start))) return null;
  const { provider, kind, pair } = c.entry;
  return { provider, kind, value, start, end, confidence, evidence: 'pair', pair: pair! };
}

/** Inserts `d` into `sorted` (by start), keeping the order. */
function insertSorted(sorted: Detection[], d: Detection): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.start < d.start) low = mid + 1;
    else high = mid;
  }
  sorted.splice(low, 0, d);
}

/**
 * For each half found (by a known provider, not an `unknown` label), the nearest other half within
 * WINDOW that passes the checks of vet.ts, when none was found there already: after an id, or before a secret,
 * first. Only where the text holds no other candidate for that place. Linear in the text: the places a
 * key may start are found once, and each (place, entry) is tried once however many anchors see it.
 */
export function findPartners(text: string, found: readonly Detection[], confidence: number): Detection[] {
  const out: Detection[] = [];
  const sorted = found.filter((d) => d.provider !== 'unknown').sort((a, b) => a.start - b.start);
  let starts: number[] | null = null;
  const tried = new Map<number, Detection | null>();
  for (const anchor of sorted) {
    if (!anchor.pair) continue;
    const { group, role } = anchor.pair;
    const want = role === 'id' ? 'secret' : 'id';
    const parts = PARTS.get(`${group}/${want}`);
    if (!parts) continue;
    const from = Math.max(0, anchor.start - WINDOW);
    const to = Math.min(text.length, anchor.end + WINDOW);
    // Only the detections near this anchor: a file of thousands of ids must not cost thousands squared.
    const known = [...near(sorted, from, to), ...near(out, from, to)];
    if (known.some((d) => d.pair?.group === group && d.pair.role === want && d.start < to && d.end > from)) continue;
    starts ??= keyStarts(text);
    let best: Detection | null = null;
    let bestDistance = Infinity;
    for (let i = lowerBound(starts, from); i < starts.length && starts[i]! < to; i++) {
      const at = starts[i]!;
      for (const c of parts) {
        const key = at * COMPILED.length + c.index;
        let d = tried.get(key);
        if (d === undefined) tried.set(key, (d = partAt(c, at, text, confidence)));
        if (!d || d.end > to || known.some((k) => k.start < d!.end && d!.start < k.end)) continue;
        const after = d.start >= anchor.end;
        // The side a pair is usually written in comes first: the secret after its id.
        const distance = after ? d.start - anchor.end + (role === 'id' ? 0 : WINDOW) : anchor.start - d.end + (role === 'id' ? WINDOW : 0);
        if (distance < bestDistance) [best, bestDistance] = [d, distance];
      }
    }
    if (best) insertSorted(out, best);
  }
  return out;
}
