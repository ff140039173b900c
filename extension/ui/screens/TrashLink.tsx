/** The way to the Trash from the list, the overview and Settings: a quiet link, not a section of its own. */
import { useUi } from '../store.js';

export function TrashLink({ label = 'Trash' }: { label?: string }) {
  const show = useUi((s) => s.show);
  return (
    <button type="button" className="ghost small" onClick={() => show({ name: 'trash' })}>
      {label}
    </button>
  );
}
