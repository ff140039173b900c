/**
 * The tab page's keys at 900 px and wider: the list on the left (search, filters, rows) and the chosen
 * key on the right (ItemView, whose heading takes focus as it opens). Back (Escape, "← Keys") empties the
 * right pane and puts focus on the key's row. Narrower tabs, and the popup, show one screen at a time.
 */
import { Suspense, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useUi } from './store.js';

/** From this width the tab shows the list and a key side by side (docs/decisions.md, the layout entry). */
export const TWO_PANE_QUERY = '(min-width: 900px)';

/** Whether the tab is wide enough for two panes now (it follows the window as it is resized). */
export function useTwoPane(enabled: boolean): boolean {
  const [wide, setWide] = useState(() => enabled && matchMedia(TWO_PANE_QUERY).matches);
  useEffect(() => {
    if (!enabled) return;
    const query = matchMedia(TWO_PANE_QUERY);
    const update = () => setWide(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [enabled]);
  return enabled && wide;
}

export function TwoPane({ list, detail, selected }: { list: ReactNode; detail: ReactNode; selected: string | null }) {
  const items = useUi((s) => s.items);
  const index = selected ? items.findIndex((i) => i.id === selected) : -1;
  // Back from a key: focus goes to its row (the list stayed; only the right pane changed).
  const previous = useRef(selected);
  useLayoutEffect(() => {
    const left = previous.current;
    previous.current = selected;
    if (!left || selected) return;
    const at = useUi.getState().items.findIndex((i) => i.id === left);
    // A key deleted from its page has no row left: the search box, where the list starts.
    (rowButton(at) ?? document.querySelector<HTMLElement>('.list-pane input[type="search"]'))?.focus();
  }, [selected]);
  return (
    <div className="two-pane">
      {/* The chosen key's row, marked by its place in the list (KeyRow's markup stays the list's own). */}
      {index >= 0 && <style>{`.two-pane .key-row:has(> .item[data-row="${index}"]) { background: var(--surface); border-color: var(--accent); box-shadow: inset 3px 0 0 var(--accent); }`}</style>}
      <div className="pane list-pane">{list}</div>
      <section className="pane detail-pane" aria-label="Key details">
        <Suspense fallback={<p className="muted">Opening…</p>}>
          {detail ?? (
            <div className="empty">
              <p>No key chosen.</p>
              <p className="muted">Choose a key in the list to see it here.</p>
            </div>
          )}
        </Suspense>
      </section>
    </div>
  );
}

function rowButton(index: number): HTMLElement | null {
  return index < 0 ? null : document.querySelector<HTMLElement>(`.list-pane ul[aria-label="Keys"] .item[data-row="${index}"]`);
}
