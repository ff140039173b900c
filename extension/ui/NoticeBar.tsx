/**
 * The last notice ("Copied…", "Deleted … Undo"), announced politely; it fades after a while on its own,
 * and another screen starts without it (store.show). It sticks to the bottom of the window, so it is
 * kept off the focused field and its form's buttons (notice-clearance.ts), and forms' sticky actions
 * sit above it (--notice-space).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { clearance, protectedSpans } from './notice-clearance.js';
import { useUi } from './store.js';

const NOTICE_MS = 10_000;

export function NoticeBar() {
  const { notice, say, run } = useUi();
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => say(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, say]);
  useLayoutEffect(() => {
    const el = bar.current;
    const root = document.documentElement.style;
    if (!notice || !el) {
      root.removeProperty('--notice-space');
      return;
    }
    const uncover = () => {
      const by = clearance(el.getBoundingClientRect(), protectedSpans(document.activeElement, el));
      if (by > 0) window.scrollBy(0, by);
    };
    // Flush on the bar: the sticky actions' own padding is the gap, opaque, so no field shows between them.
    root.setProperty('--notice-space', `${el.offsetHeight}px`);
    uncover();
    // Tabbing to a field under the bar: the browser scrolls only fields out of view, not ones under it.
    document.addEventListener('focusin', uncover);
    return () => document.removeEventListener('focusin', uncover);
  }, [notice]);
  return (
    <div ref={bar} className="notice" role="status" aria-live="polite">
      {notice && (
        <>
          <span>{notice.text}</span>
          {notice.action && (
            <button type="button" className="ghost" onClick={() => void run(notice.action!.run)}>
              {notice.action.label}
            </button>
          )}
        </>
      )}
    </div>
  );
}
