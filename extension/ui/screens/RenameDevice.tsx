/**
 * A device's new name, in place of its name on the Devices list. The background checks it by the
 * server's rule (length, no invisible characters) and a refusal is said next to the field.
 */
import { useState } from 'react';
import type { DeviceInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useFormRequest } from '../use-form-request.js';
import { FormActions } from './FormActions.js';

export function RenameDevice({ device, onCancel, onRenamed }: { device: DeviceInfo; onCancel: () => void; onRenamed: (devices: DeviceInfo[]) => void }) {
  const [name, setName] = useState(device.name);
  const { error, errorId, busy, submit, field } = useFormRequest(async () => {
    onRenamed((await ask({ type: 'rename-device', deviceId: device.id, name })).devices);
  }, 'Could not rename the device.');
  return (
    <form className="stack rename-device" onSubmit={submit} aria-label={`Rename ${device.name}`}>
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
          {...field}
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
