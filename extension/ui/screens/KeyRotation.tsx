/**
 * A vault's key: its version and age, how often it is rotated on a schedule (admins choose; sealed in the
 * vault's meta, so every device agrees), and "Rotate key now" with the re-encryption's progress.
 */
import { useState } from 'react';
import type { VaultInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

const PERIODS = [30, 60, 90, 180, 365] as const;
const day = (iso: string) => iso.slice(0, 10);

export function KeyRotation({ vault, onChanged }: { vault: VaultInfo; onChanged: () => void }) {
  const { run, say, busy } = useUi();
  const [confirming, setConfirming] = useState(false);
  const canManage = (vault.role === null || vault.role === 'admin') && !vault.unlisted;
  const { everyDays, since, dueAt, due } = vault.keySchedule;
  const setSchedule = (value: string) =>
    void run(async () => {
      const days = value === 'never' ? null : Number(value);
      await ask({ type: 'set-key-schedule', vaultId: vault.id, days });
      onChanged();
      say({ text: days === null ? `“${vault.name}” is no longer rotated on a schedule.` : `“${vault.name}” is rotated every ${days} days.` });
    }, 'key-rotation');
  const rotate = () =>
    void run(async () => {
      setConfirming(false);
      const after = await ask({ type: 'rotate-vault-key', vaultId: vault.id });
      onChanged();
      say({ text: `“${vault.name}” now uses key version ${after.keyVersion}; every key in it was re-encrypted.` });
    }, 'key-rotation');

  return (
    <section className="stack" aria-label="Vault key">
      <h3>Vault key</h3>
      <p className="muted">
        Version {vault.keyVersion}, made {day(since)}.{' '}
        {everyDays === null ? 'Not rotated on a schedule.' : due ? `Due now (every ${everyDays} days): ${canManage ? 'rotated at the next sync, or rotate it now.' : 'an admin’s browser rotates it.'}` : `Rotated every ${everyDays} days; next by ${day(dueAt!)}.`}
      </p>
      <ErrorLine at="key-rotation" />
      {canManage && (
        <div className="row">
          <label>
            Rotate the key
            <select value={everyDays === null ? 'never' : String(everyDays)} disabled={busy} onChange={(e) => setSchedule(e.target.value)}>
              {[...new Set([...PERIODS, ...(everyDays === null ? [] : [everyDays])])].sort((a, b) => a - b).map((d) => (
                <option key={d} value={d}>
                  every {d} days
                </option>
              ))}
              <option value="never">never on a schedule</option>
            </select>
          </label>
          {!confirming && (
            <button type="button" className="ghost" disabled={busy} onClick={() => setConfirming(true)}>
              Rotate key now
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="Rotate the vault key now?">
          <p>
            Make key version {vault.keyVersion + 1} and re-encrypt the {vault.items} key(s) in “{vault.name}” under it
            {vault.members > 1 ? ` for its ${vault.members} members` : ''}? Edits on other devices meanwhile are kept; a closed browser finishes it at the next unlock.
          </p>
          <div className="row">
            <button type="button" autoFocus disabled={busy} onClick={rotate}>
              Rotate key
            </button>
            <button type="button" className="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
