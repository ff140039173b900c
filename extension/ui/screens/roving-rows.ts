/**
 * The key list from the keyboard, by "roving focus": one row at a time is in the Tab order (Tab enters
 * the list at the row last used and leaves it after that row's own buttons, not after 3 × 1 000 of them);
 * ArrowUp/ArrowDown, Home and End move between rows; Enter opens (each row is a button); Ctrl/Cmd+C
 * copies the focused row's value when no text is selected; ArrowUp on the first row goes back to the
 * search box. Past the virtualiser's window a row is not in the page: focus waits for it (`pending`),
 * the virtualiser scrolls it in, and its button takes focus as it mounts (`claim`).
 */
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref, type RefObject } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';

export interface RowsHandle {
  /** Focuses row `index` (0: the first) and scrolls it into view. */
  focusRow(index: number): void;
}

interface RovingOptions {
  rows: readonly ItemSummary[];
  count: number;
  handle?: Ref<RowsHandle>;
  /** The key whose row takes focus when the list appears (the one a person came back from); '' for none. */
  returnTo: string;
  /** Where ArrowUp from the first row goes. */
  up(): void;
  /** Where ArrowDown from the last row goes (the list below this one); absent: it stays on the last row. */
  down?: (() => void) | undefined;
  copy(item: ItemSummary): void;
}

export interface Roving {
  /** The row in the Tab order. */
  active: number;
  list: RefObject<HTMLUListElement | null>;
  /** How a row not in the page is brought in (the virtualiser's scroll); the plain list has every row. */
  scroller: RefObject<(index: number) => void>;
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  /** Called by a row's button as it mounts: it takes focus if focus is waiting for it. */
  claim(el: HTMLElement | null, index: number): void;
  /** A row (or a button in it) got focus, by keyboard or mouse: it becomes the row in the Tab order. */
  focused(index: number): void;
}

export function useRovingRows({ rows, count, handle, returnTo, up, down, copy }: RovingOptions): Roving {
  const list = useRef<HTMLUListElement>(null);
  const scroller = useRef<(index: number) => void>(() => undefined);
  const pending = useRef<number | null>(null);
  const [active, setActive] = useState(0);
  const current = Math.max(0, Math.min(active, count - 1));

  const focusRow = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(count - 1, index));
      setActive(i);
      const button = list.current?.querySelector<HTMLElement>(`[data-row="${i}"]`);
      pending.current = button ? null : i;
      if (button) reveal(button);
      else scroller.current(i);
    },
    [count],
  );
  const claim = useCallback((el: HTMLElement | null, index: number) => {
    if (!el || pending.current !== index) return;
    pending.current = null;
    reveal(el);
  }, []);
  useImperativeHandle(handle, () => ({ focusRow }), [focusRow]);
  useEffect(() => {
    const back = returnTo ? rows.findIndex((r) => r.id === returnTo) : -1;
    if (back < 0) return;
    // Back from a key, its row is in view again (the list put its scroll back) and takes focus. A key
    // just added opens the list at its top: its row takes focus if it is in view there, and is not
    // scrolled to (the header would go); otherwise the search box keeps focus and the notice names it.
    const button = list.current?.querySelector<HTMLElement>(`[data-row="${back}"]`);
    if (button && !inView(button)) up();
    else focusRow(back);
  }, []); // once, as the list appears: later the focus is the person's

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.defaultPrevented) return;
    const modifier = e.ctrlKey || e.metaKey;
    if (modifier && !e.shiftKey && e.key.toLowerCase() === 'c') {
      // Text the person selected is theirs to copy, as anywhere else.
      const item = rows[current];
      if (!item || textSelected()) return;
      e.preventDefault();
      return copy(item);
    }
    if (modifier || e.shiftKey) return;
    const to = e.key === 'ArrowDown' ? current + 1 : e.key === 'ArrowUp' ? current - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : null;
    if (to === null) return;
    e.preventDefault(); // the page would scroll instead
    if (to < 0) up();
    else if (to >= count && down) down();
    else focusRow(to);
  };
  return { active: current, list, scroller, onKeyDown, claim, focused: setActive };
}

/** Focus without the browser's own jump (it may centre the element), then the least scroll that shows it. */
function reveal(el: HTMLElement): void {
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
}

/** Wholly in the window, above the notice bar if one shows (NoticeBar.tsx sets --notice-space). */
function inView(el: HTMLElement): boolean {
  const { top, bottom } = el.getBoundingClientRect();
  const notice = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--notice-space')) || 0;
  return top >= 0 && bottom <= window.innerHeight - notice;
}

function textSelected(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString());
}
