/**
 * A vault's key: its version and age, how often it is rotated on a schedule (admins choose; sealed in the
 * vault's meta, so every device agrees), and "Rotate vault key now" with the re-encryption's progress.
 * "Key" alone means an API key everywhere else in the app, so this section always says "vault key".
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { VaultInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { When } from '../When.js';
import { useFormError } from './ErrorLine.js';

const PERIODS = [30, 60, 90, 180, 365] as const;
const SCHEDULE_AT = 'vault-key:schedule';
const ROTATE_AT = 'vault-key:rotate';
const keys = (n: number) => (n === 1 ? '1 key' : `${n} keys`);

/** A date that never breaks at its hyphens. */
const Day = ({ iso }: { iso: string }) => <When at={iso} day />;

/** When the next rotation happens and who does it: an admin's browser, at its first sync once it is due. */
function scheduleWords({ role, keySchedule: { everyDays, dueAt, due } }: VaultInfo, canManage: boolean): ReactNode {
  const who = role === null ? 'The first of your browsers to sync' : 'The first admin’s browser to sync';
  if (everyDays === null) return 'Not rotated automatically: only when someone rotates it here, or removes a member.';
  if (due) return `Due now (every ${everyDays} days): ${canManage ? 'this browser rotates it after its next sync, or rotate it now.' : 'an admin’s browser rotates it after its next sync.'}`;
  return canManage ? (
    <>
      Due <Day iso={dueAt!} />, {everyDays} days after the current vault key was created. {who} after that date rotates it.
    </>
  ) : (
    <>
      Rotated automatically every {everyDays} days: due <Day iso={dueAt!} />.
    </>
  );
}

export function KeyRotation({ vault, onChanged }: { vault: VaultInfo; onChanged: () => void }) {
  const { run, say, busy, progress } = useUi();
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const id = useId();
  const rotateButton = useRef<HTMLButtonElement>(null);
  // The confirmation's buttons go away when it closes: focus goes back to the button that opened it.
  const refocus = useRef(false);
  const scheduleError = useFormError(SCHEDULE_AT);
  const rotateError = useFormError(ROTATE_AT);
  const canManage = (vault.role === null || vault.role === 'admin') && !vault.unlisted;
  const { everyDays, since } = vault.keySchedule;

  const close = useCallback(() => {
    refocus.current = true;
    setConfirming(false);
  }, []);
  useEscape(close, { inner: confirming });
  useEffect(() => {
    if (!confirming && refocus.current) {
      refocus.current = false;
      rotateButton.current?.focus();
    }
  }, [confirming]);

  // The select stays enabled while a choice is saved: disabling it would drop a keyboard user's focus
  // on every arrow press. A choice made meanwhile waits for the save before it, and the last one wins.
  const current = everyDays === null ? 'never' : String(everyDays);
  const [chosen, setChosen] = useState<string | null>(null);
  const saving = useRef(false);
  const queued = useRef<string | null>(null);
  useEffect(() => {
    if (!saving.current && chosen === current) setChosen(null);
  }, [chosen, current]);
  const save = (value: string) => {
    saving.current = true;
    void run(async () => {
      const days = value === 'never' ? null : Number(value);
      await ask({ type: 'set-key-schedule', vaultId: vault.id, days });
      onChanged();
      say({ text: days === null ? `The vault key of “${vault.name}” is no longer rotated automatically.` : `The vault key of “${vault.name}” is now rotated every ${days} days.` });
    }, SCHEDULE_AT).then((ok) => {
      saving.current = false;
      if (!ok) say(null); // an older "saved" notice beside this refusal would contradict it
      const next = queued.current;
      queued.current = null;
      if (ok && next !== null && next !== value) save(next);
      else if (!ok) setChosen(null);
    });
  };
  const choose = (value: string) => {
    setChosen(value);
    if (saving.current) queued.current = value;
    else save(value);
  };
  const rotate = () =>
    void run(async () => {
      close();
      setRotating(true);
      try {
        const after = await ask({ type: 'rotate-vault-key', vaultId: vault.id });
        onChanged();
        say({ text: `Rotated the vault key of “${vault.name}”: version ${after.keyVersion} now encrypts its ${keys(after.items)}.` });
      } catch (error) {
        say(null);
        throw error;
      } finally {
        setRotating(false);
      }
    }, ROTATE_AT);

  return (
    <section className="panel stack vault-key" aria-label="Vault key">
      <h3>Vault key</h3>
      <p className="muted small">
        One vault key encrypts the {keys(vault.items)} in “{vault.name}”. Rotating it swaps in a new vault key, so someone who obtained the old one cannot read what
        is saved later. The keys’ values do not change: nothing to do at the providers.
      </p>
      <p>
        Current vault key: version {vault.keyVersion}, created <Day iso={since} />.
      </p>
      {canManage ? (
        <div className="field">
          <label className="inline">
            Automatic rotation
            <select
              value={chosen ?? current}
              onChange={(e) => choose(e.target.value)}
              aria-invalid={scheduleError ? true : undefined}
              aria-describedby={[`${id}-schedule`, scheduleError ? `${id}-schedule-error` : ''].join(' ').trim()}
            >
              {[...new Set([...PERIODS, ...(everyDays === null ? [] : [everyDays])])].sort((a, b) => a - b).map((d) => (
                <option key={d} value={d}>
                  every {d} days
                </option>
              ))}
              <option value="never">never</option>
            </select>
          </label>
          <p id={`${id}-schedule`} className="muted small">
            {scheduleWords(vault, canManage)}
          </p>
          {scheduleError && (
            <p id={`${id}-schedule-error`} role="alert" className="error small">
              The schedule was not saved: {scheduleError.replace(/\.$/, '')}.
            </p>
          )}
        </div>
      ) : (
        <p className="muted small">{scheduleWords(vault, canManage)}</p>
      )}
      {/* Words beside the button that started it (the page's progress bar at its top is out of view in the popup). */}
      {rotating && (
        <p className="muted small" role="status">
          Re-encrypting under the new vault key{progress ? `: ${progress.done} of ${keys(progress.total)}` : '…'}
        </p>
      )}
      {canManage && !confirming && (
        <span className="row">
          {/* aria-disabled, not disabled: the focus stays on it while the vault is re-encrypted. */}
          <button
            ref={rotateButton}
            type="button"
            className="ghost"
            aria-disabled={busy || undefined}
            onClick={() => !busy && setConfirming(true)}
            aria-describedby={rotateError ? `${id}-rotate-error` : undefined}
          >
            {rotating ? 'Rotating…' : 'Rotate vault key now'}
          </button>
        </span>
      )}
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="Rotate the vault key now?" aria-describedby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Replace the vault key of “{vault.name}” with a new one (version {vault.keyVersion + 1}) and re-encrypt its {keys(vault.items)}
            {vault.members > 1 ? ` for its ${vault.members} members` : ''}? Edits made meanwhile on other devices are kept; if this browser closes first, it finishes at
            the next unlock.
          </p>
          <div className="row">
            <button type="button" autoFocus disabled={busy} onClick={rotate}>
              Rotate vault key
            </button>
            <button type="button" className="ghost" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {rotateError && (
        <p id={`${id}-rotate-error`} role="alert" className="error small">
          The vault key was not rotated to the end: {rotateError.replace(/\.$/, '')}. Try again: it picks up where it stopped.
        </p>
      )}
    </section>
  );
}
