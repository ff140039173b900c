import { useLayoutEffect } from 'react';
import { useUi } from '../store.js';

/**
 * Submit and Cancel under a form, the same in every form (Escape cancels too, where the screen uses
 * useEscape). They stick to the bottom of the window while the form is longer than it (the add form at
 * 380 × 600), so Save is never below the fold; above the notice bar when one shows (forms.css).
 */
export function FormActions({ label, busy, onCancel, danger }: { label: string; busy: boolean; onCancel: () => void; danger?: boolean }) {
  useFreshNotice();
  return (
    <div className="sticky-actions">
      <div className="row">
        <button type="submit" className={danger ? 'danger' : undefined} disabled={busy}>
          {label}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * A form opens without the notice of what was done before it ("Copied…", "Rotated…"): that notice is
 * about the page the person left, and over a form it only covers fields. Every form that has these
 * actions is opened by the person, so its first render is the moment (another screen clears it in show()).
 */
function useFreshNotice(): void {
  useLayoutEffect(() => {
    if (useUi.getState().notice) useUi.getState().say(null);
  }, []);
}
