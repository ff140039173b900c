/**
 * Shown while the server has signed this browser out (a password change on another device ends every
 * other session): the current password signs it in again, as the same device, and what was written
 * here meanwhile syncs then. Nothing is lost while it waits. Compact, so the popup keeps room for the
 * screen under it: one short paragraph, then the field and its button side by side.
 */
import { useRef, useState, type FormEvent } from 'react';
import { ask } from './client.js';
import { ErrorLine, useFormError } from './screens/ErrorLine.js';
import { useUi } from './store.js';

const AT = 'sign-in-again';
const TITLE = 'sign-in-again-title';
const ERROR = 'sign-in-again-error';

export function SignInAgain() {
  const sync = useUi((s) => s.sync);
  const pending = useUi((s) => s.pending);
  const { run, enter, busy } = useUi();
  const error = useFormError(AT);
  const [password, setPassword] = useState('');
  const field = useRef<HTMLInputElement>(null);
  if (sync.state !== 'signed-out') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => enter(await ask({ type: 'sign-in-again', password })), AT).then((ok) => {
      if (ok) return setPassword('');
      // Back to the field, its text selected: typing the right password replaces the wrong one.
      field.current?.focus();
      field.current?.select();
    });
  };
  const waiting = pending === 0 ? '' : ` ${pending} change${pending === 1 ? '' : 's'} made here ${pending === 1 ? 'waits' : 'wait'} until you sign in.`;
  return (
    <form role="region" aria-labelledby={TITLE} className="banner signed-out" onSubmit={submit}>
      <p>
        <strong id={TITLE}>Signed out of sync.</strong> A password change or account-key rotation on another device ends this browser’s session.{waiting}
      </p>
      <div className="fields">
        <label>
          Current password
          <input
            ref={field}
            type="password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ERROR : undefined}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in again'}
        </button>
      </div>
      <ErrorLine at={AT} id={ERROR} />
    </form>
  );
}
