/** First run: a vault in this browser only, a new account on a sync server, or signing in on this browser. */
import { useState, type FormEvent } from 'react';
import { PBKDF2_DEFAULT_ITERATIONS } from '../../../shared/crypto/kdf-limits.js';
import { ask } from '../client.js';
import { formatNumber } from '../format-number.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';
import { emptyPair, NewPassword, pairReady } from './NewPassword.js';
import { ServerField, useServerField } from './ServerField.js';

type Mode = 'local' | 'signup' | 'login';

const MODES: { mode: Mode; label: string }[] = [
  { mode: 'local', label: 'This browser only' },
  { mode: 'signup', label: 'Create an account' },
  { mode: 'login', label: 'Sign in' },
];

export function Welcome() {
  const [mode, setMode] = useState<Mode>('local');
  const serverField = useServerField();
  const server = serverField.value;
  const [email, setEmail] = useState('');
  const [signIn, setSignIn] = useState('');
  const [pair, setPair] = useState(emptyPair);
  const { run, enter, busy } = useUi();
  const newPassword = mode !== 'login';
  const password = newPassword ? pair.password : signIn;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode !== 'local' && !serverField.check()) return;
    if (newPassword && !pairReady(pair, setPair)) return;
    void run(async () => {
      if (mode === 'local') await enter(await ask({ type: 'create-local', password }));
      else if (mode === 'signup') await enter(await ask({ type: 'signup', server, email, password }));
      else await enter(await ask({ type: 'login', server, email, password }));
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <h2>{mode === 'login' ? 'Sign in' : 'Create your vault'}</h2>
      <fieldset className="modes">
        <legend className="sr-only">How to start</legend>
        {MODES.map((m) => (
          <label key={m.mode} className={mode === m.mode ? 'mode active' : 'mode'}>
            <input type="radio" name="mode" checked={mode === m.mode} onChange={() => setMode(m.mode)} />
            {m.label}
          </label>
        ))}
      </fieldset>
      <p className="muted">
        {mode === 'local'
          ? 'Your keys are encrypted in this browser with a key derived from your password. Nobody can recover it for you.'
          : 'Your keys are encrypted before they leave this browser; the server only ever stores ciphertext.'}
      </p>
      {mode !== 'local' && (
        <>
          <ServerField {...serverField.props} />
          <label>
            Email
            <input type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
        </>
      )}
      {newPassword ? (
        <NewPassword pair={pair} onChange={setPair} labels={{ password: 'Password', again: 'Password again' }} related={[email, server]} autoFocus />
      ) : (
        <label>
          Password
          <input type="password" autoFocus required value={signIn} onChange={(e) => setSignIn(e.target.value)} autoComplete="current-password" />
        </label>
      )}
      <ErrorLine />
      <button type="submit" disabled={busy}>
        {busy ? `Deriving your key (${formatNumber(PBKDF2_DEFAULT_ITERATIONS)} PBKDF2 rounds)…` : mode === 'local' ? 'Create vault' : mode === 'signup' ? 'Create account' : 'Sign in'}
      </button>
    </form>
  );
}
