/**
 * Move or copy a key to another vault: the background seals it under that vault's key as a new item.
 * Only vaults this account may write to are offered; moving also needs the right to change this one.
 * Into a vault others are in, the person confirms first: who can read the key is not undone by a move back.
 */
import { plural } from '../plural.js';
import { useState } from 'react';
import type { ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi, writable } from '../store.js';

export function MoveCopy({ vaultId, item }: { vaultId: string; item: ItemDetail }) {
  const { vaults, run, refreshList, show, say, busy } = useUi();
  const targets = vaults.filter((v) => v.id !== vaultId && writable(v));
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const [asking, setAsking] = useState<'move' | 'copy' | null>(null);
  if (targets.length === 0) return null;
  const canMove = writable(vaults.find((v) => v.id === vaultId));
  const target = targets.find((v) => v.id === to) ?? targets[0]!;
  const transfer = (mode: 'move' | 'copy') =>
    void run(async () => {
      const done = await ask({ type: 'transfer-item', vaultId, itemId: item.id, to: target.id, mode });
      await refreshList();
      show({ name: 'item', vaultId: done.vaultId, itemId: done.id });
      say({ text: `${mode === 'move' ? 'Moved' : 'Copied'} “${item.name}” to “${target.name}”.` });
    });
  const start = (mode: 'move' | 'copy') => (target.members > 1 ? setAsking(mode) : transfer(mode));
  if (asking) {
    return (
      <div className="confirm" role="alertdialog" aria-label={`${asking === 'move' ? 'Move' : 'Copy'} to ${target.name}?`}>
        <p>
          {asking === 'move' ? 'Move' : 'Copy'} “{item.name}” to “{target.name}”? Its {plural(target.members - 1, 'other member')} will be able to read the key, and that cannot be taken back.
        </p>
        <div className="row">
          <button type="button" autoFocus disabled={busy} onClick={() => (setAsking(null), transfer(asking))}>
            {asking === 'move' ? 'Move it' : 'Copy it'}
          </button>
          <button type="button" className="ghost" onClick={() => setAsking(null)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="row wrap" role="group" aria-label="Move or copy to another vault">
      <label className="inline">
        <span>To vault</span>
        <select aria-label="Other vault" value={target.id} onChange={(e) => setTo(e.target.value)}>
          {targets.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="ghost" disabled={busy} onClick={() => start('copy')}>
        Copy to vault
      </button>
      {canMove && (
        <button type="button" className="ghost" disabled={busy} onClick={() => start('move')}>
          Move to vault
        </button>
      )}
    </div>
  );
}
