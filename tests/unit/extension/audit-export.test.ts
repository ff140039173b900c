/**
 * The audit log's CSV and JSON export (extension/audit/export.ts): every field quoted as RFC 4180 says,
 * and a cell a spreadsheet would run as a formula (a key or vault name is attacker-influenced in a
 * shared vault) defused with a leading '. Also the times the log shows (extension/ui/relative-time.ts).
 */
import { describe, expect, it } from 'vitest';
import { csvCell, EXPORT_COLUMNS, exportFileName, toCsv, toJson } from '../../../extension/audit/export.js';
import type { AuditRow } from '../../../extension/messages/audit-protocol.js';
import { localMidnight, shownTime } from '../../../extension/ui/relative-time.js';

const row = (extra: Partial<AuditRow>): AuditRow => ({
  id: 'seq-4',
  seq: 4,
  hash: 'hAsH',
  at: '2026-03-04T10:00:00.000Z',
  action: 'item.rotate',
  sentence: 'Rotated OpenAI prod: quarterly rotation',
  keyId: 'k1',
  keyName: 'OpenAI prod',
  device: 'browser',
  member: 'me@example.com',
  mine: true,
  trust: 'chained',
  proof: false,
  detail: { name: 'OpenAI prod', reason: 'quarterly rotation' },
  ...extra,
});

/** A small RFC 4180 reader, to check that what is written reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') cells.push(cell), rows.push(cells), (cells = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('CSV cells', () => {
  it('are quoted, with quotes doubled, commas and line breaks kept inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(null)).toBe('');
  });

  it('defuse what a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) expect(csvCell(`${start}HYPERLINK("http://evil")`)).toBe(`"'${start}HYPERLINK(""http://evil"")"`);
    expect(csvCell('a=b')).toBe('"a=b"');
    expect(csvCell("'already")).toBe(`"'already"`);
  });
});

describe('the CSV file', () => {
  it('has a header and one line per row shown, in the order shown, and reads back cell for cell', () => {
    const hostile = row({ id: 'q', seq: null, hash: null, trust: 'pending', keyName: '=cmd|"/c calc"!A1', sentence: 'Revealed =cmd|"/c calc"!A1', action: 'item.reveal', member: null });
    const text = toCsv([row({}), hostile]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, first, second, ...rest] = parseCsv(text.slice(1));
    expect(rest).toEqual([]);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(first).toEqual(['2026-03-04T10:00:00.000Z', 'Rotated OpenAI prod: quarterly rotation', 'item.rotate', 'me@example.com', 'browser', 'OpenAI prod', '4', 'hAsH', 'chained']);
    expect(second).toEqual(['2026-03-04T10:00:00.000Z', 'Revealed =cmd|"/c calc"!A1', 'item.reveal', '', 'browser', `'=cmd|"/c calc"!A1`, '', '', 'pending']);
  });

  it('holds no detail beyond the columns (the JSON neither)', () => {
    const secretish = row({ detail: { name: 'OpenAI prod', note: 'never exported' } });
    expect(toCsv([secretish])).not.toContain('never exported');
    const json = JSON.parse(toJson([secretish], { vault: 'Personal', exportedAt: '2026-03-05T00:00:00.000Z' })) as { vault: string; entries: Record<string, unknown>[] };
    expect(json.vault).toBe('Personal');
    expect(json.entries).toEqual([{ time: '2026-03-04T10:00:00.000Z', sentence: 'Rotated OpenAI prod: quarterly rotation', action: 'item.rotate', actor: 'me@example.com', device: 'browser', key: 'OpenAI prod', seq: 4, hash: 'hAsH', status: 'chained' }]);
  });

  it('is named after the vault, in safe characters', () => {
    const now = new Date('2026-03-05T12:00:00Z');
    expect(exportFileName('Payments (EU)', 'csv', now)).toBe('keyhaven-audit-payments-eu-2026-03-05.csv');
    expect(exportFileName('../../=evil', 'json', now)).toBe('keyhaven-audit-evil-2026-03-05.json');
    expect(exportFileName('★', 'csv', now)).toBe('keyhaven-audit-2026-03-05.csv');
  });
});

describe('times in the log', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('are relative while recent, a date after a week', () => {
    expect(shownTime('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(shownTime('2026-03-10T12:00:30Z', now)).toBe('just now'); // another device's clock a little ahead
    expect(shownTime('2026-03-10T11:48:00Z', now)).toBe('12 min ago');
    expect(shownTime('2026-03-10T09:00:00Z', now)).toBe('3 h ago');
    expect(shownTime('2026-03-09T11:00:00Z', now)).toBe('1 day ago');
    expect(shownTime('2026-03-05T12:00:00Z', now)).toBe('5 days ago');
    expect(shownTime('2026-02-01T12:00:00Z', now)).toBe('1 Feb');
    expect(shownTime('2025-12-24T12:00:00Z', now)).toBe('24 Dec 2025');
  });

  it('take a picked day from its local midnight', () => {
    expect(localMidnight('2026-03-04')).toBe(new Date(2026, 2, 4).toISOString());
    expect(localMidnight('2026-03-31', 1)).toBe(new Date(2026, 3, 1).toISOString());
    expect(localMidnight('')).toBeNull();
  });
});
