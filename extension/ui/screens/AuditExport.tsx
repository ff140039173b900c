/**
 * Download the entries shown (after the search and filters) as CSV or JSON: made in the page from the
 * rows it holds (extension/audit/export.ts) and handed to the browser as a Blob through a link's
 * `download`, like the backup export, so no permission is needed and nothing passes the worker again.
 */
import { exportFileName, toCsv, toJson } from '../../audit/export.js';
import type { AuditRow } from '../../messages/audit-protocol.js';

function download(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The download has started by then; the URL is only a handle on the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditExport({ entries, vault }: { entries: readonly AuditRow[]; vault: string }) {
  const save = (format: 'csv' | 'json') => {
    const now = new Date();
    const name = exportFileName(vault, format, now);
    if (format === 'csv') download(toCsv(entries), 'text/csv;charset=utf-8', name);
    else download(toJson(entries, { vault, exportedAt: now.toISOString() }), 'application/json', name);
  };
  const count = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
  return (
    <div className="row audit-export">
      <span className="muted small grow">Export the {count} shown:</span>
      <button type="button" className="ghost small" disabled={entries.length === 0} onClick={() => save('csv')} aria-label={`Export the ${count} shown as CSV`}>
        CSV
      </button>
      <button type="button" className="ghost small" disabled={entries.length === 0} onClick={() => save('json')} aria-label={`Export the ${count} shown as JSON`}>
        JSON
      </button>
    </div>
  );
}
