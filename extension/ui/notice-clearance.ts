/**
 * Keeping the notice bar (NoticeBar.tsx) off what a person is using. The bar sticks to the bottom of
 * the window, over the page; it must never hide the focused field nor the buttons of its form. Sticky,
 * it also keeps its own place at the end of the page, so scrolling down always uncovers what it hid.
 */

/** A box's vertical extent in the window (getBoundingClientRect's top and bottom). */
export interface Span {
  top: number;
  bottom: number;
}

/** Room left between what is uncovered and the bar. */
const GAP = 8;

/**
 * How far to scroll down (0: nothing is hidden) so that none of `targets` is under `bar`. The first
 * target is the focused one: it is never scrolled past the top of the window to uncover the others.
 */
export function clearance(bar: Span, targets: Span[]): number {
  const hidden = targets.filter((t) => t.bottom > bar.top - GAP && t.top < bar.bottom);
  if (hidden.length === 0) return 0;
  const needed = Math.max(...hidden.map((t) => t.bottom)) - (bar.top - GAP);
  const focused = targets[0]!;
  return Math.max(0, Math.min(needed, focused.top - GAP));
}

/** The focused control and the buttons of its form: what the bar must not cover. */
export function protectedSpans(focused: Element | null, bar: Element): Span[] {
  if (!(focused instanceof HTMLElement) || focused === document.body || bar.contains(focused)) return [];
  const form = focused.closest('form');
  // Sticky actions keep above the bar by themselves (forms.css, --notice-space).
  const buttons = form ? [...form.querySelectorAll('button')].filter((b) => !b.closest('.sticky-actions') && b !== focused) : [];
  return [focused, ...buttons].map((el) => el.getBoundingClientRect());
}
