/**
 * The account key's version and a way to rotate it (Settings). Rotating re-wraps the vault keys and
 * the identity keys under a new key; items are not touched. It asks for the password, because the new
 * key is sealed under it, and says up front that the other devices will ask for it too.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { SettingsAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { ErrorLine, useFormError } from './ErrorLine.js';

const AT = 'rotate-account-key';

export function AccountKey({ answer, onChanged }: { answer: SettingsAnswer; onChanged: (a: SettingsAnswer) => void }) {
  const { run, say, busy } = useUi();
  const [password, setPassword] = useState('');
  const error = useFormError(AT);
  const field = useRef<HTMLInputElement>(null);
  // Busy is the whole page's; the button says "Rotating…" only while this form's request runs.
  const [rotating, setRotating] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRotating(true);
    void run(async () => {
      const next = await ask({ type: 'rotate-account-key', password });
      onChanged(next);
      setPassword('');
      say({ text: `Account key rotated to version ${next.accountKeyVersion}.${next.server ? ' Your other devices will ask for your password once.' : ''}` });
    }, AT).then((ok) => {
      setRotating(false);
      if (ok) return;
      // Back to the field, its text selected: typing the right password replaces the wrong one.
      field.current?.focus();
      field.current?.select();
    });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Account key">
      <h3>Account key</h3>
      <p>Version {answer.accountKeyVersion}</p>
      <p className="muted small">
        Your password opens this key, and it opens your vaults. Rotate it if you think it leaked; your password and keys stay the same{answer.server ? ', and your other devices ask for the password once' : ''}.
      </p>
      <label>
        Current password
        <input ref={field} type="password" required autoComplete="current-password" aria-label="Current password for the account key" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'account-key-error' : undefined} />
      </label>
      <ErrorLine at={AT} id="account-key-error" />
      <button type="submit" disabled={busy}>
        {rotating ? 'Rotating…' : 'Rotate account key'}
      </button>
    </form>
  );
}
