/** Unlock: the password, what the wait is for (the KDF cost), and a plain wrong-password message. */
import { useState, type FormEvent } from 'react';
import { ask } from '../client.js';
import { formatNumber } from '../format-number.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function Unlock() {
  const [password, setPassword] = useState('');
  const { run, enter, busy, kdfIterations } = useUi();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => enter(await ask({ type: 'unlock', password }))).then(() => setPassword(''));
  };
  const cost = kdfIterations ? `${formatNumber(kdfIterations)} PBKDF2-SHA256 rounds` : 'PBKDF2';
  return (
    <form className="stack" onSubmit={submit}>
      <h2>Unlock</h2>
      <p className="muted">The vault is locked. Your password derives the key that opens it ({cost}).</p>
      <label>
        Password
        <input type="password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      <ErrorLine />
      <button type="submit" disabled={busy}>
        {busy ? `Deriving your key (${cost})…` : 'Unlock'}
      </button>
    </form>
  );
}
