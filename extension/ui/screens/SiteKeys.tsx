/**
 * "For this site (platform.openai.com)": the keys of the site in the tab the popup was opened over,
 * above the whole list, with the same rows (Reveal, Copy, keyboard) as the list. Which keys belong to a
 * site is decided where the rows are made (background/list-rows.ts, sites/site-keys.ts); nothing
 * belongs: no section at all. The full list below still has these keys too: this is a shortcut to them.
 */
import { useId, type Ref } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';
import { KeyRows } from './KeyRows.js';
import type { RowsHandle } from './roving-rows.js';

interface SiteKeysProps {
  host: string;
  rows: ItemSummary[];
  /** The site's keys in all (rows holds the first of them). */
  total: number;
  handle: Ref<RowsHandle>;
  where(item: ItemSummary): string;
  open(item: ItemSummary): void;
  returnTo: string;
  /** ArrowUp from the first row: the search box. */
  up(): void;
  /** ArrowDown from the last row: the first row of the list below. */
  down(): void;
}

export function SiteKeys({ host, rows, total, handle, where, open, returnTo, up, down }: SiteKeysProps) {
  const heading = useId();
  const label = `For this site (${host})`;
  return (
    <section className="site-keys" aria-labelledby={heading}>
      <h2 id={heading} className="list-heading">
        For this site <span className="site-host">({host})</span>
      </h2>
      <KeyRows label={label} scope="site:" handle={handle} rows={rows} count={rows.length} more={() => undefined} where={where} open={open} returnTo={returnTo} up={up} down={down} />
      {total > rows.length && <p className="muted small">{total - rows.length} more of this site’s keys in the list below.</p>}
    </section>
  );
}
