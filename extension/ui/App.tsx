/** The popup: one screen at a time, chosen by the vault's phase and the current screen. */
import { useEffect } from 'react';
import { AddKey } from './screens/AddKey.js';
import { ItemView } from './screens/ItemView.js';
import { Unlock } from './screens/Unlock.js';
import { VaultList } from './screens/VaultList.js';
import { Welcome } from './screens/Welcome.js';
import { useUi } from './store.js';

export function App() {
  const phase = useUi((s) => s.phase);
  const screen = useUi((s) => s.screen);
  const load = useUi((s) => s.load);
  useEffect(() => void load(), [load]);

  return (
    <main className="app">
      <header className="bar">
        <h1>KeyHaven</h1>
        {phase === 'unlocked' && <LockButton />}
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
