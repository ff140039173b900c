/**
 * Settings' password form: a new password (or the same one, to change only the PBKDF2 rounds) and the
 * rounds. A wrong current password is said under that form's button and tied to the field, which
 * takes focus again with its text selected; the page's top is ~700 px away in the popup.
 */
import { useRef, useState, type FormEvent } from 'react';
import { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from '../../../shared/crypto/kdf-limits.js';
import type { SettingsAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { formatNumber } from '../format-number.js';
import { useUi } from '../store.js';
import { ErrorLine, useFormError, wrongPassword } from './ErrorLine.js';
import { emptyPair, NewPassword, pairReady } from './NewPassword.js';

const AT = 'change-password';
const ERROR = 'change-password-error';

export function ChangePassword({ answer, onChanged }: { answer: SettingsAnswer; onChanged: (a: SettingsAnswer) => void }) {
  const { run, say, busy } = useUi();
  const error = useFormError(AT);
  const [old, setOld] = useState('');
  const [pair, setPair] = useState(emptyPair);
  const [iterations, setIterations] = useState(String(answer.kdfIterations));
  // Busy is the whole page's; the button says what it waits for only while this form's request runs.
  const [changing, setChanging] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // A wrong current password is said beside that field; any other refusal under the button.
  const [aboutPassword, setAboutPassword] = useState(false);
  const passwordError = error && aboutPassword;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pairReady(pair, setPair)) return;
    setChanging(true);
    setAboutPassword(false);
    void run(async () => {
      onChanged(await ask({ type: 'change-password', oldPassword: old, newPassword: pair.password, iterations: Number(iterations) }).catch(wrongPassword(setAboutPassword)));
      setOld('');
      setPair(emptyPair);
      say({ text: 'Password changed. Other devices will ask for the new one.' });
    }, AT).then((ok) => {
      setChanging(false);
      if (ok) return;
      // Back to the field, its text selected: typing the right password replaces the wrong one.
      field.current?.focus();
      field.current?.select();
    });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Change password">
      <h3>Password</h3>
      <p className="muted small">
        Your key is derived with PBKDF2-SHA256 at {formatNumber(answer.kdfIterations)} rounds. More rounds make a stolen vault slower to attack and unlocking slower too (at least{' '}
        {formatNumber(PBKDF2_MIN_ITERATIONS)}; default {formatNumber(PBKDF2_DEFAULT_ITERATIONS)}).
      </p>
      <label>
        Current password
        <input ref={field} type="password" required autoComplete="current-password" value={old} onChange={(e) => setOld(e.target.value)} aria-invalid={passwordError ? true : undefined} aria-describedby={passwordError ? ERROR : undefined} />
      </label>
      {passwordError && <ErrorLine at={AT} id={ERROR} />}
      <NewPassword pair={pair} onChange={setPair} labels={{ password: 'New password (or the same one, to change only the rounds)', again: 'New password again' }} related={answer.email ? [answer.email] : []} />
      <label>
        PBKDF2 rounds
        <input type="number" min={PBKDF2_MIN_ITERATIONS} max={PBKDF2_MAX_ITERATIONS} step={100000} required value={iterations} onChange={(e) => setIterations(e.target.value)} />
      </label>
      {!passwordError && <ErrorLine at={AT} />}
      <button type="submit" disabled={busy}>
        {changing ? 'Re-wrapping your key…' : 'Change password'}
      </button>
    </form>
  );
}
