/**
 * Submit and Cancel under a form, the same in every form (Escape cancels too, where the screen uses
 * useEscape). They stick to the bottom of the window while the form is longer than it (the add form at
 * 380 × 600), so Save is never below the fold; above the notice bar when one shows (forms.css).
 */
export function FormActions({ label, busy, onCancel, danger }: { label: string; busy: boolean; onCancel: () => void; danger?: boolean }) {
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
