/**
 * What makes a generic candidate count: the evidence, and whose key a label says it is. Kept apart from
 * the scan (detect.ts): the rules that read labels, in one place.
 */
import { COMPILED, type Compiled } from './compiled.js';
import type { InlineLabel } from './labels.js';

/** Why a candidate counts, strongest first. */
export type Evidence = 'checksum' | 'prefix' | 'host-and-label' | 'named-label' | 'pair' | 'host' | 'label';

/** How sure the detector is, by evidence (documented in docs/decisions.md #40). */
export const CONFIDENCE: Record<Evidence, number> = {
  checksum: 0.99,
  prefix: 0.9,
  'host-and-label': 0.85,
  'named-label': 0.8,
  /** A generic shape right beside the other half of its pair (partners.ts). */
  pair: 0.75,
  host: 0.6,
  label: 0.5,
};

/** A label's phrase and what its last word says, worked out once per label, not once per entry tried. */
export interface Label {
  text: string;
  lower: string;
  secret: boolean;
  keyWord: boolean;
}

export function toLabel(facts: InlineLabel | undefined): Label | null {
  return facts ? { text: facts.phrase, lower: facts.phrase.toLowerCase(), secret: facts.secret, keyWord: facts.keyWord } : null;
}

/**
 * What in a caller's label can make a generic shape count besides a secret word: its provider's name
 * (read in the lower-cased label, as judgeGeneric does: one case-sensitive alternation of literals is
 * several times faster than the same with `i`) or the entry's own label.
 */
const GENERIC = COMPILED.filter((c) => c.entry.generic);
const VOUCHING_NAME = new RegExp([...new Set(GENERIC.map((c) => c.entry.provider))].join('|'));
const VOUCHING_LABEL = new RegExp(GENERIC.flatMap((c) => (c.entry.label ? [`(?:${c.entry.label})`] : [])).join('|'), 'i');

/** Whether a caller's label could vouch for any generic shape: a secret word, a provider's name or an entry's own label. */
export function mayVouchFor(label: Label): boolean {
  return label.secret || VOUCHING_NAME.test(label.lower) || VOUCHING_LABEL.test(label.text);
}

/**
 * Whether a label names this entry's key. A secret's label (`DATADOG_API_KEY`, "Datadog API key")
 * names its provider. A thing's name (`RAILWAY_PROJECT_ID`, "Twilio message SID") is no secret's: it
 * counts only through the entry's own label, and `…_ID`/`…_SID` only for the id half of a pair
 * (`PLAID_CLIENT_ID`), or every id a platform sets in its environment would read as that platform's key.
 */
function names(c: Compiled, label: Label): boolean {
  if (label.secret) return !!c.label?.test(label.text) || label.lower.includes(c.entry.provider);
  if (!c.label?.test(label.text)) return false;
  return label.keyWord || c.entry.pair?.role === 'id';
}

/** Which evidence makes a generic candidate count, and whose key it then is; null: it does not count. */
export function judgeGeneric(c: Compiled, host: boolean, label: Label | null): { evidence: Evidence; provider: string; kind: string } | null {
  const named = !!label && names(c, label);
  const secret = !!label && (named || label.secret);
  const own = { provider: c.entry.provider, kind: c.entry.kind };
  if (host && secret) return { evidence: 'host-and-label', ...own };
  if (named) return { evidence: 'named-label', ...own };
  if (host && c.entry.generic === 'label-or-host') return { evidence: 'host', ...own };
  if (secret) return { evidence: 'label', provider: 'unknown', kind: 'api-key' };
  return null;
}

