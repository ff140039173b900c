import { BackgroundRefusal } from '../client.js';
import { asSentence } from '../sentence.js';
import { useUi } from '../store.js';

/**
 * The last refusal from the background, in words, announced to screen readers. With `at`, only an error
 * of that form (run with the same `at`), so it shows beside what caused it; without, the screen's others.
 * `id` lets the field that caused it point here (aria-describedby). Said as a sentence (sentence.ts).
 */
export function ErrorLine({ at, id }: { at?: string; id?: string } = {}) {
  const error = useFormError(at);
  return error ? (
    <p id={id} role="alert" className="error">
      {asSentence(error)}
    </p>
  ) : null;
}

/** The error of the form run with `at`, if that is where the last refusal came from. */
export const useFormError = (at?: string) => useUi((s) => (s.errorAt === at ? s.error : null));

/**
 * For a request's `.catch`: notes whether the refusal was a wrong password (so the form can say it beside
 * the password field), and passes the refusal on to `run`.
 */
export const wrongPassword =
  (note: (wrong: boolean) => void) =>
  (error: unknown): never => {
    note(error instanceof BackgroundRefusal && error.code === 'wrong-password');
    throw error;
  };
