/**
 * What `keyhaven scan` reports: where a key was found and whose it looks like, masked. The value
 * itself stays in memory only long enough to be compared with the vault by keyed tag; it is never
 * printed or written.
 */
import { detectKeys, maskValue, pairDetections, pairedValue, type Detection } from '../../shared/index.js';

export interface Finding {
  /** Relative to the folder the command ran in, with `/` separators. */
  path: string;
  /** 1-based; the column counts UTF-16 units, as editors and SARIF do. */
  line: number;
  column: number;
  endColumn: number;
  /** Set for a key found in a repository's history rather than in a file as it is now. */
  commit?: string;
  provider: string;
  kind: string;
  confidence: number;
  masked: string;
  /** Where the vault holds this key, once compared. */
  stored: { vault: string; name: string }[];
  /** In a file git ignores (a local `.env`): reported, not counted as a leak. */
  ignored?: boolean;
}

/** A finding and the values that stand for it (the key; for a pair, also the two lines a pair is stored as). */
export interface Found {
  finding: Finding;
  values: string[];
}

/** Offsets of line starts, so an offset becomes a line and a column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/**
 * The keys in one text (a file, or an added line of a commit at `firstLine`), pairs joined: an AWS
 * access key id with its secret is one finding.
 */
export function findKeys(text: string, where: { path: string; commit?: string; firstLine?: number }): Found[] {
  const detections = detectKeys(text);
  if (detections.length === 0) return [];
  const starts = lineStarts(text);
  const at = (d: Detection) => {
    const { line, column } = position(starts, d.start);
    return { line: line + (where.firstLine ?? 1) - 1, column, endColumn: column + (d.end - d.start) };
  };
  return pairDetections(detections).map((d) => {
    const base = { path: where.path, ...(where.commit ? { commit: where.commit } : {}), stored: [] };
    if ('id' in d) {
      const finding = { ...base, ...at(d.id), provider: d.id.provider, kind: `${d.id.kind}+${d.secret.kind}`, confidence: Math.min(d.id.confidence, d.secret.confidence), masked: `${maskValue(d.id.value)} / ${maskValue(d.secret.value)}` };
      return { finding, values: [pairedValue(d.id.pair!.group, d.id.value, d.secret.value), d.id.value, d.secret.value] };
    }
    return { finding: { ...base, ...at(d), provider: d.provider, kind: d.kind, confidence: d.confidence, masked: maskValue(d.value) }, values: [d.value] };
  });
}
