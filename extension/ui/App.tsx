/** The popup: one screen at a time, chosen by the vault's phase and the current screen. */
import { useEffect } from 'react';
import { AddKey } from './screens/AddKey.js';
import { ItemView } from './screens/ItemView.js';
import { Unlock } from './screens/Unlock.js';
import { VaultList } from './screens/VaultList.js';
import { Welcome } from './screens/Welcome.js';
import { useUi } from './store.js';
import { SyncBadge } from './SyncBadge.js';

export function App() {
  const phase = useUi((s) => s.phase);
  const screen = useUi((s) => s.screen);
  const load = useUi((s) => s.load);
  const poll = useUi((s) => s.poll);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (phase !== 'unlocked') return;
    const timer = setInterval(() => void poll(), 1000);
    return () => clearInterval(timer);
  }, [phase, poll]);

  return (
    <main className="app">
      <header className="bar">
        <h1>KeyHaven</h1>
        {phase === 'unlocked' && (
          <span className="row">
            <SyncBadge />
            <LockButton />
          </span>
        )}
      </header>
      {phase === 'loading' && <p className="muted">Opening…</p>}
      {phase === 'new' && <Welcome />}
      {phase === 'locked' && <Unlock />}
      {phase === 'unlocked' && screen.name === 'list' && <VaultList />}
      {phase === 'unlocked' && screen.name === 'add' && <AddKey />}
      {phase === 'unlocked' && screen.name === 'item' && <ItemView itemId={screen.itemId} revealed={screen.revealed} />}
    </main>
  );
}

function LockButton() {
  const lock = useUi((s) => s.lock);
  return (
    <button type="button" className="ghost" onClick={() => void lock()}>
      Lock
    </button>
  );
}
