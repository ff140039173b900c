/**
 * The audit log's search box and menus. What they hold is sent to the worker with each request, where
 * the rows are filtered (extension/audit/filter.ts); a menu with a single choice is left out, since it
 * could narrow nothing (one device, one member).
 */
import { useId } from 'react';
import type { AuditFacets, AuditFilter } from '../../messages/audit-protocol.js';
import { localMidnight } from '../relative-time.js';

/** The page's side of the filter: dates as picked (yyyy-mm-dd), turned into instants when asked. */
export interface AuditQuery {
  text: string;
  action: string;
  key: string;
  device: string;
  member: string;
  fromDate: string;
  toDate: string;
  proofs: boolean;
}

export const NO_QUERY: AuditQuery = { text: '', action: '', key: '', device: '', member: '', fromDate: '', toDate: '', proofs: false };

/** The "to" date is included: the range ends when the day after it starts, here. */
export function filterOf(q: AuditQuery): AuditFilter {
  const { fromDate, toDate, ...rest } = q;
  return { ...rest, from: fromDate ? localMidnight(fromDate) : null, to: toDate ? localMidnight(toDate, 1) : null };
}

/** Whether anything narrows the list (showing the write records widens it). */
export const narrowed = (q: AuditQuery) => Boolean(q.text.trim() || q.action || q.key || q.device || q.member || q.fromDate || q.toDate);

interface Props {
  query: AuditQuery;
  set(change: Partial<AuditQuery>): void;
  facets: AuditFacets;
  proofs: number;
}

export function AuditFilters({ query, set, facets, proofs }: Props) {
  const proofsId = useId();
  return (
    <div className="audit-filters" role="search" aria-label="Filter the audit log">
      <input type="search" aria-label="Search the log" placeholder="Search: key, device, member, words…" value={query.text} onChange={(e) => set({ text: e.target.value })} />
      <div className="menus">
        <select aria-label="Action" value={query.action} onChange={(e) => set({ action: e.target.value })}>
          <option value="">Any action</option>
          {facets.actions.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
        <select aria-label="Key" value={query.key} onChange={(e) => set({ key: e.target.value })}>
          <option value="">Any key</option>
          {facets.keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
        {(facets.devices.length > 1 || query.device) && (
          <select aria-label="Device" value={query.device} onChange={(e) => set({ device: e.target.value })}>
            <option value="">Any device</option>
            {facets.devices.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
        {(facets.members.length > 1 || query.member) && (
          <select aria-label="Member" value={query.member} onChange={(e) => set({ member: e.target.value })}>
            <option value="">Everyone</option>
            {facets.members.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="dates">
        <label className="inline">
          From <input type="date" aria-label="From date" value={query.fromDate} max={query.toDate || undefined} onChange={(e) => set({ fromDate: e.target.value })} />
        </label>
        <label className="inline">
          to <input type="date" aria-label="To date" value={query.toDate} min={query.fromDate || undefined} onChange={(e) => set({ toDate: e.target.value })} />
        </label>
        {narrowed(query) && (
          <button type="button" className="ghost small" onClick={() => set({ ...NO_QUERY, proofs: query.proofs })}>
            Clear filters
          </button>
        )}
      </div>
      {proofs > 0 && (
        <label className="inline small" htmlFor={proofsId}>
          <input id={proofsId} type="checkbox" checked={query.proofs} onChange={(e) => set({ proofs: e.target.checked })} /> Show the {proofs} write record
          {proofs === 1 ? '' : 's'} (the sync’s signed proof of each stored change)
        </label>
      )}
    </div>
  );
}
