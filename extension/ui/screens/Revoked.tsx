/**
 * Shown instead of the vault once the server said this browser's device was removed from the account
 * (docs/decisions.md #112): when, by which device if the server said, what had not been sent, and the
 * way back — the account's password signs this browser in as a new device.
 */
import { useState, type FormEvent } from 'react';
import type { RevokedInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { fullTime } from '../relative-time.js';
import { useUi } from '../store.js';
import { ErrorLine, useFormError } from './ErrorLine.js';

const AT = 'sign-in-new-device';
const ERROR = 'sign-in-new-device-error';

/** "This browser was removed from your account on 7 Dec 2026, 21:30 by Chrome on Linux." */
export function removedSentence(info: Pick<RevokedInfo, 'at' | 'by'>): string {
  const when = info.at ? ` on ${fullTime(info.at)}` : '';
  const by = info.by ? ` by ${info.by}` : '';
  return `This browser was removed from your account${when}${by}.`;
}

export function Revoked() {
  const revoked = useUi((s) => s.revoked);
  const { run, enter, busy } = useUi();
  const error = useFormError(AT);
  const [password, setPassword] = useState('');
  if (!revoked) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => enter(await ask({ type: 'sign-in-new-device', password })), AT).then((ok) => ok && setPassword(''));
  };
  const n = revoked.unsent;
  return (
    <form className="stack revoked" onSubmit={submit} aria-labelledby="revoked-title">
      <h2 id="revoked-title">Removed from your account</h2>
      <p>
        {removedSentence(revoked)} Sign in again to use it.
      </p>
      <p className="muted small">The vault is locked here, and its keys no longer open in this browser until you sign in.</p>
      {n > 0 && (
        <p className="warning" role="note">
          {n} change{n === 1 ? '' : 's'} made in this browser {n === 1 ? 'was' : 'were'} not sent before it was removed, and will not be: signing in again
          replaces this browser’s copy with your account’s, without {n === 1 ? 'it' : 'them'}.
        </p>
      )}
      <label>
        Password
        <input
          type="password"
          required
          autoFocus
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? ERROR : undefined}
        />
      </label>
      <ErrorLine at={AT} id={ERROR} />
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in again'}
      </button>
      {revoked.email && revoked.server && (
        <p className="muted small">
          As {revoked.email}, a new device on {revoked.server}.
        </p>
      )}
    </form>
  );
}
