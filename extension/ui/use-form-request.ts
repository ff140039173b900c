/**
 * A small form's request to the background: busy while it runs, and the refusal kept for the form to
 * say next to its field (decision 109), in the background's words or, for anything else, `fallback`.
 */
import { useId, useState, type FormEvent } from 'react';
import { BackgroundRefusal } from './client.js';

export function useFormRequest(work: () => Promise<void>, fallback: string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (refusal) {
      setError(refusal instanceof BackgroundRefusal ? refusal.message : fallback);
    } finally {
      setBusy(false);
    }
  };
  /** What the field says of the error, for assistive technology. */
  const field = { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined } as const;
  return { error, errorId, busy, submit: (event: FormEvent) => void submit(event), field };
}
