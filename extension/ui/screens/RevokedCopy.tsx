/**
 * The warning before a revoked key's value is copied (DESIGN §5: a revoked key is never copied without
 * one), in place, beside the Copy that asked: on the key's page and in a row of the list.
 */
import { useEscape } from '../use-escape.js';

export function RevokedCopy({ onCopy, onCancel }: { onCopy(): void; onCancel(): void }) {
  // Escape answers "no" and stays where it is (an inner Escape: the key's page does not go back too).
  useEscape(onCancel, { inner: true });
  return (
    <div className="confirm" role="alertdialog" aria-label="Copy a revoked key?">
      <p>This key was revoked — copy anyway?</p>
      <div className="row">
        <button type="button" className="danger" autoFocus onClick={onCopy}>
          Copy anyway
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
