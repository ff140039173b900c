/** This account's devices, with revoke (its sessions end; its audit entries are refused from then on). */
import { useCallback, useEffect, useState } from 'react';
import type { DeviceInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function Devices() {
  const { run, say, server } = useUi();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const load = useCallback(() => void run(async () => setDevices((await ask({ type: 'devices' })).devices)), [run]);
  useEffect(() => {
    if (server) load();
  }, [load, server]);
  if (!server) {
    return (
      <section className="stack">
        <h2>Devices</h2>
        <p className="muted">This vault lives only in this browser. Connect a sync server in Settings to use it on other devices.</p>
      </section>
    );
  }
  return (
    <section className="stack">
      <h2>Devices</h2>
      <ErrorLine />
      {devices && (
        <ul className="plain devices" aria-label="Devices">
          {devices.map((d) => (
            <li key={d.id} className="row spread">
              <span>
                <strong>{d.name}</strong> {d.current && <span className="muted">(this browser)</span>}
                <br />
                <span className="muted small">
                  added {d.createdAt.slice(0, 10)}
                  {d.revokedAt && ` · revoked ${d.revokedAt.slice(0, 10)}`}
                </span>
              </span>
              {!d.current && !d.revokedAt && (confirm === d.id ? (
                <span className="row">
                  <button type="button" className="danger" onClick={() => void run(async () => {
                    const { name } = await ask({ type: 'revoke-device', deviceId: d.id });
                    say({ text: `Revoked ${name}.` });
                    setConfirm(null);
                    setDevices((await ask({ type: 'devices' })).devices);
                  })}>
                    Revoke {d.name}
                  </button>
                  <button type="button" className="ghost" onClick={() => setConfirm(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" className="ghost" onClick={() => setConfirm(d.id)} aria-label={`Revoke ${d.name}`}>
                  Revoke
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
