/**
 * A new password, typed twice, with its strength under the first field (PasswordStrength.tsx). "The two
 * passwords differ." shows once a submit found them different and goes as soon as they match; both are
 * tied to their field (aria-describedby), so a screen reader reads them with it.
 */
import { useId } from 'react';
import { PasswordStrength } from './PasswordStrength.js';

export interface PasswordPair {
  password: string;
  again: string;
  /** A submit was tried: from then on a difference is said. */
  tried: boolean;
}

export const emptyPair: PasswordPair = { password: '', again: '', tried: false };

/** Whether the form may go on: the two match (and, if not, the pair remembers that a submit was tried). */
export function pairReady(pair: PasswordPair, setPair: (p: PasswordPair) => void): boolean {
  if (pair.password === pair.again) return true;
  setPair({ ...pair, tried: true });
  return false;
}

interface Props {
  pair: PasswordPair;
  onChange(pair: PasswordPair): void;
  labels: { password: string; again: string };
  /** Words a guesser would try first for this person (an email's name, a server's host). */
  related?: string[];
  autoFocus?: boolean;
  minLength?: number;
}

export function NewPassword({ pair, onChange, labels, related = [], autoFocus, minLength = 8 }: Props) {
  const id = useId();
  const differ = pair.tried && pair.password !== pair.again;
  return (
    <>
      <label>
        {labels.password}
        <input type="password" required minLength={minLength} autoFocus={autoFocus} autoComplete="new-password" value={pair.password} aria-describedby={`${id}-strength`} onChange={(e) => onChange({ ...pair, password: e.target.value })} />
      </label>
      <PasswordStrength id={`${id}-strength`} password={pair.password} related={related} />
      <label>
        {labels.again}
        <input type="password" required autoComplete="new-password" value={pair.again} aria-invalid={differ || undefined} aria-describedby={differ ? `${id}-differ` : undefined} onChange={(e) => onChange({ ...pair, again: e.target.value })} />
      </label>
      {differ && (
        <p id={`${id}-differ`} role="alert" className="error">
          The two passwords differ.
        </p>
      )}
    </>
  );
}
