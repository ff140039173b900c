import { useUi } from '../store.js';

/**
 * The last refusal from the background, in words, announced to screen readers. With `at`, only an error
 * of that form (run with the same `at`), so it shows beside what caused it; without, the screen's others.
 */
export function ErrorLine({ at }: { at?: string } = {}) {
  const error = useUi((s) => (s.errorAt === at ? s.error : null));
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}
