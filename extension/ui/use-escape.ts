import { useEffect } from 'react';

/**
 * Escape goes back, wherever the focus is (a button that disappears after a click leaves it on the body).
 * An `inner` one (an open comparison or confirmation) closes first, and the screen behind it stays.
 */
export function useEscape(onEscape: () => void, options: { inner?: boolean } = {}): void {
  const inner = Boolean(options.inner);
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (inner) e.stopPropagation();
      onEscape();
    };
    window.addEventListener('keydown', listener, inner);
    return () => window.removeEventListener('keydown', listener, inner);
  }, [onEscape, inner]);
}
