/**
 * The audit log's search and filters, applied in the worker where the rows are made (audit-view.ts):
 * text search over what a person reads (the sentence, the key's name, the device, the member), and
 * menus for the action, key, device, member and a date range. The menus are made from every row, not
 * the filtered ones, so picking an action never empties the other menus of their choices.
 */
import { compareNames } from '../../shared/index.js';
import type { AuditFacets, AuditFilter, AuditRow } from '../messages/audit-protocol.js';
import { actionLabel } from './words.js';

/** Lower case, accents folded: "Núñez" is found by "nunez". */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function haystack(row: AuditRow): string {
  return fold([row.sentence, row.keyName ?? '', row.device, row.member ?? '', row.action].join('\n'));
}

/** Every word of the search must appear somewhere in the row (in any order). */
export function matchesText(row: AuditRow, text: string): boolean {
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = haystack(row);
  return words.every((w) => hay.includes(w));
}

export function filterRows(rows: readonly AuditRow[], filter: AuditFilter): AuditRow[] {
  const from = filter.from ? Date.parse(filter.from) : -Infinity;
  const to = filter.to ? Date.parse(filter.to) : Infinity;
  return rows.filter((row) => {
    if (row.proof && !filter.proofs) return false;
    if (filter.action && row.action !== filter.action) return false;
    if (filter.key && row.keyId !== filter.key) return false;
    if (filter.device && row.device !== filter.device) return false;
    if (filter.member && row.member !== filter.member) return false;
    const at = Date.parse(row.at);
    if (at < from || at >= to) return false;
    return matchesText(row, filter.text);
  });
}

/** What the menus offer. Write records count only when they are shown. */
export function auditFacets(rows: readonly AuditRow[], proofs: boolean): AuditFacets {
  const shown = proofs ? rows : rows.filter((r) => !r.proof);
  const keys = new Map<string, string>();
  for (const r of shown) if (r.keyId && r.keyName && !keys.has(r.keyId)) keys.set(r.keyId, r.keyName);
  // Two keys of one name (or two deleted keys nobody named) stay apart in the menu by their ids.
  const named = [...keys.values()];
  const label = (id: string, name: string) => (named.indexOf(name) !== named.lastIndexOf(name) ? `${name} (${id.slice(0, 8)})` : name);
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort(compareNames);
  return {
    actions: distinct(shown.map((r) => r.action)).map((id) => ({ id, label: actionLabel(id) })).sort((a, b) => compareNames(a.label, b.label)),
    keys: [...keys].map(([id, name]) => ({ id, name: label(id, name) })).sort((a, b) => compareNames(a.name, b.name)),
    devices: distinct(shown.map((r) => r.device)),
    members: distinct(shown.map((r) => r.member)),
  };
}
