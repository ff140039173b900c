/**
 * A device's new name, in place of its name on the Devices list. The background checks it by the
 * server's rule (length, no invisible characters) and a refusal is said next to the field.
 */
import { useId, useState, type FormEvent } from 'react';
import type { DeviceInfo } from '../../messages/protocol.js';
import { ask, BackgroundRefusal } from '../client.js';
import { FormActions } from './FormActions.js';

export function RenameDevice({ device, onCancel, onRenamed }: { device: DeviceInfo; onCancel: () => void; onRenamed: (devices: DeviceInfo[]) => void }) {
  const [name, setName] = useState(device.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onRenamed((await ask({ type: 'rename-device', deviceId: device.id, name })).devices);
    } catch (refusal) {
      setError(refusal instanceof BackgroundRefusal ? refusal.message : 'Could not rename the device.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack rename-device" onSubmit={(e) => void submit(e)} aria-label={`Rename ${device.name}`}>
      <label>
        New name for {device.name}
        <input
          type="text"
          required
          maxLength={100}
          autoFocus
          value={name}
          onFocus={(e) => e.target.select()}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <FormActions label="Save name" busy={busy} onCancel={onCancel} />
    </form>
  );
}
