/**
 * This account's devices, each with the fingerprint of the key it signs with; rename any of them (a
 * label the server sees), revoke another device (its sessions end; its audit entries are refused from
 * then on) or rotate this browser's key (the old key keeps verifying what it signed before, nothing after).
 */
import { useCallback, useEffect, useState } from 'react';
import type { DeviceInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { useFormRequest } from '../use-form-request.js';
import { When } from '../When.js';
import { ErrorLine } from './ErrorLine.js';
import { FormActions } from './FormActions.js';
import { RenameDevice } from './RenameDevice.js';

const ROTATE_AT = 'rotate-device-key';

export function Devices() {
  const { run, say, server, busy, show } = useUi();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const load = useCallback(() => void run(async () => setDevices((await ask({ type: 'devices' })).devices)), [run]);
  const rotate = () => {
    setRotating(true);
    void run(async () => {
      setDevices((await ask({ type: 'rotate-device-key' })).devices);
      say({ text: 'This browser signs with a new key now. What it signed before still verifies; its old key signs nothing more.' });
    }, ROTATE_AT).then(() => setRotating(false));
  };
  useEffect(() => {
    if (server) load();
  }, [load, server]);
  if (!server) {
    return (
      <section className="stack">
        <h2>Devices</h2>
        <p className="muted">This vault lives only in this browser. Connect a sync server to use it on other devices.</p>
        <p>
          <button type="button" onClick={() => show({ name: 'settings', section: 'sync' })}>
            Connect a sync server
          </button>
        </p>
      </section>
    );
  }
  return (
    <section className="stack">
      <h2>Devices</h2>
      <p className="muted small">Each device signs the audit log with its own key. Rotate this browser’s key if you think it was copied: what it signed before still verifies, the old key signs nothing more.</p>
      <p className="muted small">Rename a device to tell it apart. The server sees device names, so keep secrets out of them.</p>
      <ErrorLine />
      {devices && (
        <ul className="plain devices" aria-label="Devices">
          {devices.map((d) =>
            renaming === d.id ? (
              <li key={d.id}>
                <RenameDevice
                  device={d}
                  onCancel={() => setRenaming(null)}
                  onRenamed={(list) => {
                    setRenaming(null);
                    setDevices(list);
                    say({ text: `Renamed to ${list.find((x) => x.id === d.id)?.name ?? d.name}.` });
                  }}
                />
              </li>
            ) : (
              <li key={d.id} className="row spread">
                <DeviceLines device={d} />
                <span className="device-actions">
                  {confirm !== d.id && (
                    <button type="button" className="ghost" disabled={busy} onClick={() => setRenaming(d.id)} aria-label={`Rename ${d.name}`}>
                      Rename
                    </button>
                  )}
                  {d.current && (
                    <button type="button" className="ghost" disabled={busy} onClick={rotate} aria-label="Rotate this browser's signing key">
                      {rotating ? 'Rotating…' : 'Rotate key'}
                    </button>
                  )}
                  {!d.current &&
                    !d.revokedAt &&
                    (confirm === d.id ? (
                      <RevokeForm
                        device={d}
                        onCancel={() => setConfirm(null)}
                        onRevoked={async (name) => {
                          say({ text: `Revoked ${name}.` });
                          setConfirm(null);
                          setDevices((await ask({ type: 'devices' })).devices);
                        }}
                      />
                    ) : (
                      <button type="button" className="ghost" onClick={() => setConfirm(d.id)} aria-label={`Revoke ${d.name}`}>
                        Revoke
                      </button>
                    ))}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

/** A device's name, dates and key fingerprint. */
function DeviceLines({ device: d }: { device: DeviceInfo }) {
  return (
    <span>
      <strong>{d.name}</strong> {d.current && <span className="muted">(this browser)</span>}
      <br />
      <span className="muted small">
        added <When at={d.createdAt} />
        {d.revokedAt && (
          <>
            {' · revoked '}
            <When at={d.revokedAt} />
          </>
        )}
        {d.earlierKeys > 0 && d.keySince && (
          <>
            {' · key rotated '}
            <When at={d.keySince} />
          </>
        )}
      </span>
      <br />
      <span className="muted small fingerprint" aria-label={`${d.name}'s key fingerprint`}>
        key {d.keyFingerprint}
      </span>
      {d.current && <ErrorLine at={ROTATE_AT} />}
    </span>
  );
}

/**
 * Revoking asks for the password: the server wants it, and it opens the key that signs the revocation
 * other devices will check. A wrong password is said here, next to the field.
 */
function RevokeForm({ device, onCancel, onRevoked }: { device: DeviceInfo; onCancel: () => void; onRevoked: (name: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const { error, errorId, busy, submit, field } = useFormRequest(async () => {
    const { name } = await ask({ type: 'revoke-device', deviceId: device.id, password });
    await onRevoked(name);
  }, 'Could not revoke the device.');
  return (
    <form className="stack" onSubmit={submit} aria-label={`Revoke ${device.name}`}>
      <label>
        Your password, to revoke {device.name}
        <input type="password" autoComplete="current-password" required autoFocus value={password} onChange={(e) => setPassword(e.target.value)} {...field} />
      </label>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <FormActions label={`Revoke ${device.name}`} busy={busy} onCancel={onCancel} danger />
    </form>
  );
}
