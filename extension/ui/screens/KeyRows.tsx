/**
 * The rows of the key list. Up to a few hundred keys they are plain list items; beyond that only the
 * rows near the viewport are in the page (a window virtualiser, @tanstack/react-virtual), so a vault of
 * 10 000 keys opens as fast as one of 50. Each row still says where it is in the list for screen readers.
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';
import { Flags } from './Flags.js';

/** From this many rows on, only those near the viewport are rendered. */
export const VIRTUAL_FROM = 200;
const ROW_ESTIMATE_PX = 58;
const GAP_PX = 6;
/** Rows before the end of what the page has at which the next page is asked for. */
const OVERSCAN_PAGE = 40;

interface RowsProps {
  /** The rows this page has, from the first; `count` may be more (the rest come as the list is scrolled). */
  rows: ItemSummary[];
  count: number;
  /** Asks for more rows, once the rows near the viewport reach the end of what the page has. */
  more(): void;
  /** Extra text on each row's meta line (the vault's name when several are listed). */
  where(item: ItemSummary): string;
  open(item: ItemSummary): void;
}

export function KeyRows(props: RowsProps) {
  return props.count < VIRTUAL_FROM ? <PlainRows {...props} /> : <VirtualRows {...props} />;
}

function PlainRows({ rows, where, open }: RowsProps) {
  return (
    <ul className="items" aria-label="Keys">
      {rows.map((item) => (
        <li key={item.id}>
          <KeyRow item={item} where={where(item)} open={open} />
        </li>
      ))}
    </ul>
  );
}

function VirtualRows({ rows, count, more, where, open }: RowsProps) {
  const list = useRef<HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  // The list starts below the search and the filters (whose height can change): the virtualiser counts from there.
  useLayoutEffect(() => {
    const top = list.current?.offsetTop ?? 0;
    if (top !== offset) setOffset(top);
  });
  const virtualizer = useWindowVirtualizer({ count, estimateSize: () => ROW_ESTIMATE_PX, gap: GAP_PX, overscan: 8, scrollMargin: offset, getItemKey: (i) => rows[i]?.id ?? `row-${i}` });
  const visible = virtualizer.getVirtualItems();
  const last = visible.at(-1)?.index ?? 0;
  useEffect(() => {
    if (last >= rows.length - OVERSCAN_PAGE && rows.length < count) more();
  }, [last, rows.length, count, more]);
  return (
    <ul ref={list} className="items virtual" aria-label="Keys" style={{ height: virtualizer.getTotalSize() }}>
      {visible.map((row) => {
        const item = rows[row.index];
        return (
          <li
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            aria-setsize={count}
            aria-posinset={row.index + 1}
            aria-busy={item ? undefined : true}
            style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
          >
            {item ? (
              <KeyRow item={item} where={where(item)} open={open} />
            ) : (
              <div className="item loading muted" aria-hidden="true">
                Loading…
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function KeyRow({ item, where, open }: { item: ItemSummary; where: string; open(item: ItemSummary): void }) {
  return (
    <button type="button" className="item" onClick={() => open(item)}>
      <span className="avatar" aria-hidden="true">
        {(item.provider || item.name).slice(0, 2).toUpperCase()}
      </span>
      <span className="name">{item.name}</span>
      <span className="meta">{[where, item.provider, item.environment, ...item.tags].filter(Boolean).join(' · ')}</span>
      <code className="masked">{item.masked}</code>
      <span className="flags">
        <Flags flags={item.health} />
      </span>
    </button>
  );
}
