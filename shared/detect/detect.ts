/**
 * Finds API keys in text: every catalogue shape, with boundaries, checksums, the shape tests of
 * shape.ts, and the rule that generic shapes need a label or the provider's host. Pure and synchronous:
 * the content script runs it on page text, the CLI and tests on strings.
 *
 * A key pair (AWS access key id + secret) comes back as one result per part, each carrying
 * `pair: {group, role}`; the caller joins the parts it finds together (pair.ts). A half without a prefix
 * or a readable label of its own counts right beside the other half (partners.ts).
 */
import { onEntryHost, type CatalogueEntry } from './catalogue/index.js';
import { CONFIDENCE, judgeGeneric, mayVouchFor, toLabel, type Evidence, type Label } from './judge.js';
import { callerLabelFacts, hasLabelWord, labelBefore } from './labels.js';
import { continuesWithDot, followsPathChar, isMasked } from './boundaries.js';
import { CANDIDATES, COMPILED, type Compiled } from './compiled.js';
import { keepStrongest } from './resolve.js';
import { forEachKeyStart, MIN_KEY_LENGTH } from './runs.js';
import { findPartners } from './partners.js';
import { passesShape, startsWithKnownPrefix } from './vet.js';

export interface DetectContext {
  /** The page's host: generic shapes count on their provider's dashboard host. */
  host?: string;
  /** The label shown with the text (a field's label, a column header), or a function that finds it when needed. */
  label?: string | (() => string | undefined);
}

export { CONFIDENCE, type Evidence } from './judge.js';

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

/**
 * The entries whose dashboard `host` is, for the last host asked about (a page asks about one), and
 * whether a generic shape among them counts there on the host alone.
 */
let hostEntries: HostEntries = { host: undefined, entries: new Set(), genericOnHost: false };

interface HostEntries {
  host: string | undefined;
  entries: Set<CatalogueEntry>;
  genericOnHost: boolean;
}

function entriesOnHost(host: string | undefined): HostEntries {
  if (hostEntries.host !== host) {
    const entries = new Set(COMPILED.map((c) => c.entry).filter((e) => onEntryHost(e, host)));
    hostEntries = { host, entries, genericOnHost: [...entries].some((e) => e.generic === 'label-or-host') };
  }
  return hostEntries;
}

/** The label for a generic candidate at `start`: written just before it, else the one the caller knows. */
function labelAt(start: number, scan: Scan): Label | null {
  if (scan.labelStart !== start) {
    scan.labelStart = start;
    scan.inlineLabel = toLabel(labelBefore(scan.text, start));
  }
  return scan.inlineLabel ?? callerLabel(scan);
}

/** The caller's label (a field's, a column's), asked for once per call. */
function callerLabel(scan: Scan): Label | null {
  if (scan.callerLabel === undefined) {
    const { label } = scan.context;
    const text = typeof label === 'function' ? label() : label;
    scan.callerLabel = text ? toLabel(callerLabelFacts(text)) : null;
  }
  return scan.callerLabel;
}

/**
 * Whether a label could vouch for a generic shape in this call: one written in the text, or the
 * caller's. The caller's is read first where the text has no label word: on a page most text nodes sit
 * under labels such as "Deployment 42", and trying every generic shape there only to find that its
 * label says nothing was most of a page scan's time.
 */
function mayVouch(scan: Scan): boolean {
  if (hasLabelWord(scan.text)) return true;
  if (!scan.context.label) return false;
  const label = callerLabel(scan);
  return !!label && mayVouchFor(label);
}

/** What one call knows about its text and context, worked out once and only when first needed. */
interface Scan {
  text: string;
  context: DetectContext;
  /** Catalogue entries whose dashboard this is. */
  onHost: Set<CatalogueEntry>;
  /** Whether one of them is a generic shape that counts on its host alone. */
  genericOnHost: boolean;
  /** The label written before the last start a generic shape matched at, and that start. */
  labelStart: number;
  inlineLabel: Label | null;
  /** The caller's label, asked for at most once (undefined: not yet). */
  callerLabel?: Label | null;
  /** Whether a label could vouch for a generic shape in this text (undefined: not worked out yet). */
  mayVouch?: boolean;
  out: Detection[];
  /** Where the last `unknown` key was recorded: a dozen generic shapes fit one labelled value, one result serves. */
  unknownAt?: { start: number; end: number };
  /** This call's number: `UNTIL` holds its entries' ends only where `UNTIL_CALL` says so. */
  call: number;
}

/**
 * Whether a generic shape is worth trying here: no label was found to say nothing yet (tryEntry works
 * that out at the first generic match), or it may count on its own on its provider's host.
 */
function worthTrying(c: Compiled, scan: Scan): boolean {
  return scan.mayVouch !== false || countsOnHost(c, scan);
}

function countsOnHost(c: Compiled, scan: Scan): boolean {
  return c.entry.generic === 'label-or-host' && scan.onHost.has(c.entry);
}

/**
 * Per entry, where its last match in the current call ended. Shared by every call (the detector is
 * synchronous) and told apart by call number: a page scan makes thousands of calls, and allocating
 * these per call was a good part of their cost.
 */
const UNTIL = new Int32Array(COMPILED.length);
const UNTIL_CALL = new Int32Array(COMPILED.length);
let calls = 0;

/** Tries one entry at `start` (where a key may begin) and records the key if every check passes. */
function tryEntry(c: Compiled, start: number, scan: Scan): void {
  const { entry } = c;
  const { text } = scan;
  // Inside this entry's last match, taken or not: a shorter key starting there would only be its tail.
  if (UNTIL_CALL[c.index] === scan.call && start < UNTIL[c.index]!) return;
  c.sticky.lastIndex = start;
  const m = c.sticky.exec(text);
  if (!m) return;
  const value = m[0];
  const end = start + value.length;
  UNTIL[c.index] = end;
  UNTIL_CALL[c.index] = scan.call;
  if (isMasked(text, start, end) || continuesWithDot(text, end)) return;
  const host = scan.onHost.has(entry);
  let judged: { evidence: Evidence; provider: string; kind: string } | null;
  if (entry.generic) {
    if (followsPathChar(text, start)) return;
    // Worked out at the first generic shape that matches, not before: most text has none, and a page's
    // label costs DOM work. Once it says no, the other generic shapes are not even tried (worthTrying).
    scan.mayVouch ??= mayVouch(scan);
    if (!scan.mayVouch && !countsOnHost(c, scan)) return;
    // Whether anything vouches for it first: most generic shapes in text are hashes and ids nothing labels.
    judged = judgeGeneric(c, host, labelAt(start, scan));
    if (!judged || startsWithKnownPrefix(value)) return;
    if (judged.provider === 'unknown' && scan.unknownAt?.start === start && scan.unknownAt.end === end) return;
  } else {
    judged = { evidence: entry.checksum ? 'checksum' : 'prefix', provider: entry.provider, kind: entry.kind };
  }
  if (!passesShape(c, value)) return;
  const confidence = Math.min(0.99, Math.round((CONFIDENCE[judged.evidence] + (host && !entry.generic ? 0.05 : 0)) * 100) / 100);
  // A label alone does not say whose pair a generic shape would complete: the first entry's group is arbitrary.
  const pair = entry.pair && judged.provider !== 'unknown' ? { pair: entry.pair } : {};
  if (judged.provider === 'unknown') scan.unknownAt = { start, end };
  scan.out.push({ ...judged, value, start, end, confidence, ...pair });
}

// Read once: the module's exports may be live bindings, and these are read for every place tried.
const { distinctive: DISTINCTIVE, generic: GENERIC_BY_FIRST } = CANDIDATES;

/**
 * Tries, at a place a key may start, the entries that can start with the characters found there and
 * match a stretch of `segment` characters.
 */
function tryAt(start: number, segment: number, scan: Scan): void {
  const c0 = scan.text.charCodeAt(start);
  const c1 = scan.text.charCodeAt(start + 1);
  const distinctive = c1 < 128 ? DISTINCTIVE[c0 * 128 + c1] : undefined;
  if (distinctive) for (const c of distinctive) if (fits(c, segment)) tryEntry(c, start, scan);
  const generic = GENERIC_BY_FIRST[c0];
  if (!generic) return;
  for (const c of generic) {
    // Once no label can vouch, only a generic shape that counts on this host alone is left: most hosts have none.
    if (scan.mayVouch === false && !scan.genericOnHost) return;
    if (fits(c, segment) && worthTrying(c, scan)) tryEntry(c, start, scan);
  }
}

function fits(c: Compiled, segment: number): boolean {
  return segment >= c.length[0] && segment <= c.length[1];
}

/** Every key in `text`, in order of position; where candidates overlap, the strongest wins. */
export function detectKeys(text: string, context: DetectContext = {}): Detection[] {
  if (text.length < MIN_KEY_LENGTH) return [];
  // Numbers wrap long after any page is scanned; 0 is never a call's, so a fresh table matches none.
  calls = calls >= 0x7fffffff ? 1 : calls + 1;
  const { entries: onHost, genericOnHost } = entriesOnHost(context.host);
  const scan: Scan = { text, context, onHost, genericOnHost, labelStart: -1, inlineLabel: null, out: [], call: calls };
  forEachKeyStart(text, (at, segment) => tryAt(at, segment, scan));
  if (scan.out.length === 0) return scan.out;
  if (scan.out.some((d) => d.pair)) scan.out.push(...findPartners(text, scan.out, CONFIDENCE.pair));
  return keepStrongest(scan.out, text);
}
