/** First run: create a vault in this browser. (Creating an account on a server, or signing in, arrives with sync.) */
import { useState, type FormEvent } from 'react';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function Welcome() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { createLocal, busy } = useUi();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return setMismatch(true);
    setMismatch(false);
    void createLocal(password);
  };

  return (
    <form className="stack" onSubmit={submit}>
      <h2>Create your vault</h2>
      <p className="muted">Your keys are encrypted in this browser with a key derived from this password. Nobody can recover it for you.</p>
      <label>
        Password
        <input type="password" autoFocus required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </label>
      <label>
        Password again
        <input type="password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
      </label>
      {mismatch && (
        <p role="alert" className="error">
          The two passwords differ.
        </p>
      )}
      <ErrorLine />
      <button type="submit" disabled={busy}>
        {busy ? 'Deriving your key (600 000 PBKDF2 rounds)…' : 'Create vault'}
      </button>
    </form>
  );
}
