/**
 * The sync state, always visible while unlocked: local only, syncing, synced, or offline or signed out with
 * what is pending (signed out wears the colour of errors: it waits for the person, not for the network).
 * "Offline" alone when nothing waits: the server is away, this browser would not hear of changes now
 * (decision 114); the tooltip says it is reconnecting.
 */
import { ask } from './client.js';
import { useUi } from './store.js';

export function SyncBadge() {
  const sync = useUi((s) => s.sync);
  const pending = useUi((s) => s.pending);
  const text =
    sync.state === 'local'
      ? 'Local only'
      : sync.state === 'syncing'
        ? 'Syncing…'
        : sync.state === 'synced'
          ? pending > 0
            ? `Synced · ${pending} pending`
            : 'Synced'
          : sync.state === 'offline'
            ? pending > 0
              ? `Offline · ${pending} pending`
              : 'Offline'
            : sync.state === 'signed-out'
              ? `Signed out · ${pending} pending`
              : 'Sync error';
  return (
    <>
      <span role="status" aria-label="Sync status" className={`sync ${sync.state === 'signed-out' ? 'signed-out error' : sync.state}`} title={'message' in sync ? sync.message : undefined}>
        {text}
      </span>
      {sync.state !== 'local' && <SyncNow />}
    </>
  );
}

/** Syncs right away (and checks every vault's members), instead of waiting for the next change or minute. */
function SyncNow() {
  const { run, enter, busy } = useUi();
  return (
    <button type="button" className="ghost icon" aria-label="Sync now" title="Sync now" disabled={busy} onClick={() => void run(async () => enter(await ask({ type: 'sync-now' })))}>
      ↻
    </button>
  );
}
