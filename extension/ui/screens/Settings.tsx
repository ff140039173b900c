/** Settings: auto-lock, clipboard clearing, default rotation, the theme, the keyboard shortcut, the sync server, the password and its cost, and the account key. */
import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { useUi } from '../store.js';
import { TrashLink } from './TrashLink.js';
import { AccountKey } from './AccountKey.js';
import { ChangePassword } from './ChangePassword.js';
import { ErrorLine } from './ErrorLine.js';
import { ServerField, useServerField } from './ServerField.js';
import { Shortcut } from './Shortcut.js';
import { ThemeChoice } from './ThemeChoice.js';
import { WatchedSites } from './WatchedSites.js';

/** Each form's refusals show beside its own button (ErrorLine `at`), not at the top of this long page. */
const PREFERENCES = 'preferences';
const CONNECT = 'connect-server';

export function Settings() {
  const { run, say } = useUi();
  const [answer, setAnswer] = useState<SettingsAnswer | null>(null);
  useEffect(() => void run(async () => setAnswer(await ask({ type: 'settings' }))), [run]);
  if (!answer) return <ErrorLine />;
  return (
    <section className="stack">
      <h2>Settings</h2>
      <ErrorLine />
      <Preferences answer={answer} onSave={(settings) => void run(async () => { setAnswer(await ask({ type: 'save-settings', settings })); say({ text: 'Settings saved.' }); }, PREFERENCES)} />
      <ThemeChoice />
      <Shortcut />
      <Server answer={answer} />
      <WatchedSites />
      <section className="panel stack" aria-label="Trash">
        <h3>Trash</h3>
        <p className="muted small">Deleted keys are kept for 30 days, encrypted like every key, then deleted for good on every device.</p>
        <TrashLink label="Open the Trash" />
      </section>
      {answer.fingerprint && (
        <section className="panel stack" aria-label="Your fingerprint">
          <h3>Your fingerprint</h3>
          <Fingerprint value={answer.fingerprint} label="Your fingerprint" />
          <p className="muted small">Read it to a teammate who invites you (or whom you invite) over a call or in person: their KeyHaven shows the same digits only if nobody swapped your keys in between.</p>
        </section>
      )}
      <ChangePassword answer={answer} onChanged={setAnswer} />
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
        <input type="number" min={1} max={3650} value={rotation} onChange={(e) => setRotation(e.target.value)} placeholder="No policy" />
      </label>
      <ErrorLine at={PREFERENCES} />
      <button type="submit">Save preferences</button>
    </form>
  );
}

function Server({ answer }: { answer: SettingsAnswer }) {
  const { run, enter } = useUi();
  const serverField = useServerField();
  const asked = useUi((s) => s.screen.name === 'settings' && s.screen.section === 'sync');
  const { input } = serverField.props;
  useEffect(() => {
    // Opened from Devices' "Connect a sync server": this form is why the person came.
    if (!asked || !input.current) return;
    input.current.scrollIntoView({ block: 'center' });
    input.current.focus({ preventScroll: true });
  }, [asked, input]);
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
    if (!serverField.check()) return;
    void run(async () => enter(await ask({ type: 'signup', server: serverField.value, email, password })), CONNECT);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Connect a sync server">
      <h3>Sync</h3>
      <p className="muted">This vault lives only in this browser. Create an account on a sync server to use it on other devices; the server only ever stores ciphertext.</p>
      <ServerField {...serverField.props} />
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Your KeyHaven password
        <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      <ErrorLine at={CONNECT} />
      <button type="submit">Create account and upload</button>
    </form>
  );
}
