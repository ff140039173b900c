/**
 * A new password's strength, in words beside a four-step bar ("Weak: This is a heavily used password.").
 * Advice only: nothing is blocked by it (the forms ask for 8 characters, no more), so a long passphrase
 * of plain words is never refused for lacking a digit. The estimator loads on the first key stroke
 * (password-strength.ts) and runs in the page; the password is not sent or kept anywhere.
 */
import { useEffect, useState } from 'react';
import type { Strength } from '../password-strength.js';

const WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
/** Key strokes come fast; the estimate follows the pause after them. */
const SETTLE_MS = 150;

export function PasswordStrength({ id, password, related }: { id: string; password: string; related: string[] }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  const words = related.join('\n');
  useEffect(() => {
    if (!password) return setStrength(null);
    let current = true;
    const timer = setTimeout(() => {
      void import('../password-strength.js').then(({ strengthOf }) => current && setStrength(strengthOf(password, words ? words.split('\n') : [])));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, words]);
  const shown = password ? strength : null;
  return (
    <p id={id} className="strength" aria-live="polite">
      {!shown && <span className="advice">At least 8 characters; a few unusual words make a strong passphrase.</span>}
      {shown && (
        <>
          <meter min={0} max={4} low={2} high={3} optimum={4} value={shown.score} aria-label="Password strength" />
          <span>
            <span className="verdict">{WORDS[shown.score]}</span>
            {shown.score < 3 && (shown.warning || shown.suggestion) && <span className="advice">: {shown.warning || shown.suggestion}</span>}
          </span>
        </>
      )}
    </p>
  );
}
