import { useState, type FormEvent } from 'react';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function Unlock() {
  const [password, setPassword] = useState('');
  const { unlock, busy } = useUi();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void unlock(password).then(() => setPassword(''));
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h2>Unlock</h2>
      <label>
        Password
        <input type="password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      <ErrorLine />
      <button type="submit" disabled={busy}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
