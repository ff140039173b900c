/** Submit and Cancel under a form, the same in every form (Escape cancels too, where the screen uses useEscape). */
export function FormActions({ label, busy, onCancel, danger }: { label: string; busy: boolean; onCancel: () => void; danger?: boolean }) {
  return (
    <div className="row">
      <button type="submit" className={danger ? 'danger' : undefined} disabled={busy}>
        {label}
      </button>
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
