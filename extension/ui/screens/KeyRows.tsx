/**
 * The rows of the key list. Up to a few hundred keys they are plain list items; beyond that only the
 * rows near the viewport are in the page (a window virtualiser, @tanstack/react-virtual), so a vault of
 * 10 000 keys opens as fast as one of 50. Each row still says where it is in the list for screen readers.
 * Keyboard: roving-rows.ts; a row and its buttons: KeyRow.tsx.
 */
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useState, type Ref } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';
import { KeyRow } from './KeyRow.js';
import { useRowActions, type RowActions } from './row-actions.js';
import { useRovingRows, type Roving, type RowsHandle } from './roving-rows.js';

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
  /** The key whose row takes focus as the list appears (the one a person came back from); '' for none. */
  returnTo: string;
  /** Where ArrowUp from the first row goes (the search box, or the list above). */
  up(): void;
  /** Where ArrowDown from the last row goes (the list below); absent: nowhere. */
  down?: () => void;
  /** The list's accessible name; "Keys" unless told. */
  label?: string;
  /** Tells this list's rows apart from another list's rows of the same keys ("For this site" and the list). */
  scope?: string;
  /** What the search box uses to send ArrowDown to the first row. */
  handle?: Ref<RowsHandle>;
}

interface ListProps extends RowsProps {
  actions: RowActions;
  roving: Roving;
}

export function KeyRows(props: RowsProps) {
  const actions = useRowActions(props.scope);
  const roving = useRovingRows({ rows: props.rows, count: props.count, handle: props.handle, returnTo: props.returnTo, up: props.up, down: props.down, copy: actions.copy });
  const all = { ...props, actions, roving };
  return props.count < VIRTUAL_FROM ? <PlainRows {...all} /> : <VirtualRows {...all} />;
}

function PlainRows({ rows, where, open, actions, roving, label = 'Keys' }: ListProps) {
  return (
    <ul ref={roving.list} className="items" aria-label={label} onKeyDown={roving.onKeyDown}>
      {rows.map((item, index) => (
        <li key={item.id}>
          <KeyRow item={item} index={index} where={where(item)} open={open} actions={actions} roving={roving} />
        </li>
      ))}
    </ul>
  );
}

function VirtualRows({ rows, count, more, where, open, actions, roving, label = 'Keys' }: ListProps) {
  const [offset, setOffset] = useState(0);
  // The list starts below the search and the filters (whose height can change): the virtualiser counts from there.
  useLayoutEffect(() => {
    const top = roving.list.current?.offsetTop ?? 0;
    if (top !== offset) setOffset(top);
  });
  // The focused row stays in the page when it is scrolled out of view, so focus is not dropped to the body.
  const { active } = roving;
  const rangeExtractor = useCallback((range: Range) => {
    const shown = defaultRangeExtractor(range);
    return shown.includes(active) ? shown : [...shown, active].sort((a, b) => a - b);
  }, [active]);
  const virtualizer = useWindowVirtualizer({ count, estimateSize: () => ROW_ESTIMATE_PX, gap: GAP_PX, overscan: 8, scrollMargin: offset, rangeExtractor, getItemKey: (i) => rows[i]?.id ?? `row-${i}` });
  useLayoutEffect(() => {
    roving.scroller.current = (index) => virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [virtualizer, roving.scroller]);
  const visible = virtualizer.getVirtualItems();
  const last = visible.at(-1)?.index ?? 0;
  useEffect(() => {
    if (last >= rows.length - OVERSCAN_PAGE && rows.length < count) more();
  }, [last, rows.length, count, more]);
  return (
    <ul ref={roving.list} className="items virtual" aria-label={label} style={{ height: virtualizer.getTotalSize() }} onKeyDown={roving.onKeyDown}>
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
              <KeyRow item={item} index={row.index} where={where(item)} open={open} actions={actions} roving={roving} />
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
