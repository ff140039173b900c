/**
 * Which candidates the detector keeps: none inside a JWT or a `data:` URL, and where candidates
 * overlap, the strongest (confidence, then length). Linear after sorting: a file holding thousands
 * of keys is resolved cluster by cluster, not each candidate against every other.
 */
import type { Detection } from './detect.js';

/**
 * Spans that hold key-shaped runs but never a key: JWTs and data: URLs (images, fonts), sorted and merged.
 * A JWT glued after `_` is the tail of a key that embeds one (GitHub's stateless installation tokens,
 * `ghs_<app id>_<JWT>`), not a token of its own: it is not excluded.
 */
function excludedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (text.includes('eyJ')) {
    // The second alternative consumes an `eyJ…` run that is not a JWT in one step: retrying at every
    // `eyJ` inside it reads the rest of the run each time (quadratic), and cannot succeed where the
    // first start failed.
    for (const m of text.matchAll(/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]*/g)) {
      if (m[0].includes('.') && text.charCodeAt(m.index - 1) !== 0x5f) spans.push([m.index, m.index + m[0].length]);
    }
  }
  if (text.includes('data:')) {
    for (const m of text.matchAll(/data:[a-z]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/gi)) spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** Whether [start, end) overlaps one of the sorted, disjoint `spans`. */
function overlaps(spans: readonly [number, number][], start: number, end: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid]![0] < end) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found >= 0 && spans[found]![1] > start;
}

const stronger = (a: Detection, b: Detection) => b.confidence - a.confidence || b.value.length - a.value.length;

/** The candidates kept, in order of position. `found` is in order of position (the order they were tried). */
export function keepStrongest(found: readonly Detection[], text: string): Detection[] {
  const excluded = excludedSpans(text);
  const candidates = found.filter((d) => !overlaps(excluded, d.start, d.end)).sort((a, b) => a.start - b.start);
  const kept: Detection[] = [];
  for (let i = 0; i < candidates.length; ) {
    // A cluster: candidates that overlap one another, directly or through others. Choices in one
    // cluster cannot affect another, so the strongest-first rule is applied within each.
    let j = i + 1;
    let end = candidates[i]!.end;
    while (j < candidates.length && candidates[j]!.start < end) end = Math.max(end, candidates[j++]!.end);
    if (j === i + 1) kept.push(candidates[i]!);
    else {
      const chosen: Detection[] = [];
      for (const d of candidates.slice(i, j).sort(stronger)) if (!chosen.some((k) => d.start < k.end && k.start < d.end)) chosen.push(d);
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  return kept;
}
