import { useUi } from '../store.js';

/** The last refusal from the background, in words, announced to screen readers. */
export function ErrorLine() {
  const error = useUi((s) => s.error);
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}
