/** Settings: auto-lock, clipboard clearing, default rotation, the keyboard shortcut, the sync server, the password and its cost, and the account key. */
import { useEffect, useState, type FormEvent } from 'react';
import { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from '../../../shared/index.js';
import type { SettingsAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { useUi } from '../store.js';
import { AccountKey } from './AccountKey.js';
import { ErrorLine } from './ErrorLine.js';
import { Shortcut } from './Shortcut.js';
import { WatchedSites } from './WatchedSites.js';

export function Settings() {
  const { run, say } = useUi();
  const [answer, setAnswer] = useState<SettingsAnswer | null>(null);
  useEffect(() => void run(async () => setAnswer(await ask({ type: 'settings' }))), [run]);
  if (!answer) return <ErrorLine />;
  return (
    <section className="stack">
      <h2>Settings</h2>
      <ErrorLine />
      <Preferences answer={answer} onSave={(settings) => void run(async () => { setAnswer(await ask({ type: 'save-settings', settings })); say({ text: 'Settings saved.' }); })} />
      <Shortcut />
      <Server answer={answer} />
      <WatchedSites />
      {answer.fingerprint && (
        <section className="panel stack" aria-label="Your fingerprint">
          <h3>Your fingerprint</h3>
          <Fingerprint value={answer.fingerprint} label="Your fingerprint" />
          <p className="muted small">Read it to a teammate who invites you (or whom you invite) over a call or in person: their KeyHaven shows the same digits only if nobody swapped your keys in between.</p>
        </section>
      )}
      <Password answer={answer} onChanged={setAnswer} />
      <AccountKey answer={answer} onChanged={setAnswer} />
    </section>
  );
}

function Preferences({ answer, onSave }: { answer: SettingsAnswer; onSave: (s: SettingsAnswer['settings']) => void }) {
  const [autoLock, setAutoLock] = useState(String(answer.settings.autoLockMinutes));
  const [clipboard, setClipboard] = useState(String(answer.settings.clipboardSeconds));
  const [rotation, setRotation] = useState(answer.settings.defaultRotationDays ? String(answer.settings.defaultRotationDays) : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ autoLockMinutes: Number(autoLock), clipboardSeconds: Number(clipboard), defaultRotationDays: rotation ? Number(rotation) : null });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Preferences">
      <label>
        Lock after this many idle minutes
        <input type="number" min={1} max={480} required value={autoLock} onChange={(e) => setAutoLock(e.target.value)} />
      </label>
      <label>
        Clear a copied key from the clipboard after (seconds)
        <input type="number" min={5} max={300} required value={clipboard} onChange={(e) => setClipboard(e.target.value)} />
      </label>
      <label>
        Rotation policy for new keys (days)
        <input type="number" min={1} max={3650} value={rotation} onChange={(e) => setRotation(e.target.value)} placeholder="none" />
      </label>
      <button type="submit">Save preferences</button>
    </form>
  );
}

function Server({ answer }: { answer: SettingsAnswer }) {
  const { run, enter } = useUi();
  const [server, setServer] = useState('http://127.0.0.1:8787');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  if (answer.server) {
    return (
      <div className="panel">
        <h3>Sync</h3>
        <p>
          Signed in as <strong>{answer.email}</strong> on <code>{answer.server}</code>; this browser is listed as “{answer.deviceName}”.
        </p>
        <p className="muted small">Moving to another server means exporting a backup and signing up there.</p>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => enter(await ask({ type: 'signup', server, email, password })));
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Connect a sync server">
      <h3>Sync</h3>
      <p className="muted">This vault lives only in this browser. Create an account on a sync server to use it on other devices; the server only ever stores ciphertext.</p>
      <label>
        Server
        <input type="url" required value={server} onChange={(e) => setServer(e.target.value)} />
      </label>
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Your KeyHaven password
        <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      <button type="submit">Create account and upload</button>
    </form>
  );
}

function Password({ answer, onChanged }: { answer: SettingsAnswer; onChanged: (a: SettingsAnswer) => void }) {
  const { run, say, busy } = useUi();
  const [form, setForm] = useState({ old: '', next: '', again: '', iterations: String(answer.kdfIterations) });
  const [mismatch, setMismatch] = useState(false);
  const bind = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.next !== form.again) return setMismatch(true);
    setMismatch(false);
    void run(async () => {
      onChanged(await ask({ type: 'change-password', oldPassword: form.old, newPassword: form.next, iterations: Number(form.iterations) }));
      setForm({ old: '', next: '', again: '', iterations: form.iterations });
      say({ text: 'Password changed. Other devices will ask for the new one.' });
    });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Change password">
      <h3>Password</h3>
      <p className="muted small">
        Your key is derived with PBKDF2-SHA256 at {answer.kdfIterations.toLocaleString('en-US')} rounds. More rounds make a stolen vault slower to attack and unlocking slower too (at least {PBKDF2_MIN_ITERATIONS.toLocaleString('en-US')}; default {PBKDF2_DEFAULT_ITERATIONS.toLocaleString('en-US')}).
      </p>
      <label>
        Current password
        <input type="password" required autoComplete="current-password" {...bind('old')} />
      </label>
      <label>
        New password (or the same one, to change only the rounds)
        <input type="password" required minLength={8} autoComplete="new-password" {...bind('next')} />
      </label>
      <label>
        New password again
        <input type="password" required autoComplete="new-password" {...bind('again')} />
      </label>
      <label>
        PBKDF2 rounds
        <input type="number" min={PBKDF2_MIN_ITERATIONS} max={PBKDF2_MAX_ITERATIONS} step={100000} required {...bind('iterations')} />
      </label>
      {mismatch && <p role="alert" className="error">The two new passwords differ.</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Re-wrapping your key…' : 'Change password'}
      </button>
    </form>
  );
}
