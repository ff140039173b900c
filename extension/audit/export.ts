/**
 * The audit log as a file: the rows as shown (after the search and filters), as CSV or JSON. Made in
 * the page from the rows it holds; nothing in them is secret (sentences, names, emails, hashes).
 *
 * A key's or a vault's name is attacker-influenced in a shared vault, and a spreadsheet runs a cell
 * that starts with = + - @ (or a tab or carriage return) as a formula: such a cell is prefixed with '
 * (OWASP "CSV Injection"), as are the full-width forms some spreadsheet locales read the same way.
 */
import type { AuditRow } from '../messages/audit-protocol.js';

export interface ExportRecord {
  time: string;
  sentence: string;
  action: string;
  actor: string;
  device: string;
  key: string;
  seq: number | null;
  hash: string | null;
  status: AuditRow['trust'];
}

export const EXPORT_COLUMNS: readonly (keyof ExportRecord)[] = ['time', 'sentence', 'action', 'actor', 'device', 'key', 'seq', 'hash', 'status'];

export function exportRecords(rows: readonly AuditRow[]): ExportRecord[] {
  return rows.map((r) => ({
    time: r.at,
    sentence: r.sentence,
    action: r.action,
    actor: r.member ?? '',
    device: r.device,
    key: r.keyName ?? '',
    seq: r.seq,
    hash: r.hash,
    status: r.trust,
  }));
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One CSV field (RFC 4180): always quoted, quotes doubled; a text that a spreadsheet would run is defused. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * CRLF line ends (RFC 4180), and a byte-order mark so that a spreadsheet reads the file as UTF-8 (names
 * and emails are not all ASCII).
 */
export function toCsv(rows: readonly AuditRow[]): string {
  const lines = [EXPORT_COLUMNS.map(csvCell), ...exportRecords(rows).map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c])))];
  return `\uFEFF${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

export function toJson(rows: readonly AuditRow[], context: { vault: string; exportedAt: string }): string {
  return `${JSON.stringify({ vault: context.vault, exportedAt: context.exportedAt, entries: exportRecords(rows) }, null, 2)}\n`;
}

/** A file name that says what it holds; the vault's name is cut down to safe characters. */
export function exportFileName(vault: string, format: 'csv' | 'json', now: Date): string {
  const slug = vault.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).toLowerCase();
  return `keyhaven-audit${slug ? `-${slug}` : ''}-${now.toISOString().slice(0, 10)}.${format}`;
}
