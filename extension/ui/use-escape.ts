import { useEffect } from 'react';

/** Escape goes back, wherever the focus is (a button that disappears after a click leaves it on the body). */
export function useEscape(onEscape: () => void): void {
  useEffect(() => {
    const listener = (e: KeyboardEvent) => e.key === 'Escape' && onEscape();
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [onEscape]);
}
