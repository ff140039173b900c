/**
 * Move or copy a key to another vault: the background seals it under that vault's key as a new item.
 * Only vaults this account may write to are offered; moving also needs the right to change this one.
 */
import { useState } from 'react';
import type { ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi, writable } from '../store.js';

export function MoveCopy({ vaultId, item }: { vaultId: string; item: ItemDetail }) {
  const { vaults, run, refreshList, show, say, busy } = useUi();
  const targets = vaults.filter((v) => v.id !== vaultId && writable(v));
  const [to, setTo] = useState(targets[0]?.id ?? '');
  if (targets.length === 0) return null;
  const canMove = writable(vaults.find((v) => v.id === vaultId));
  const transfer = (mode: 'move' | 'copy') =>
    void run(async () => {
      const done = await ask({ type: 'transfer-item', vaultId, itemId: item.id, to, mode });
      const target = vaults.find((v) => v.id === to)!;
      await refreshList();
      show({ name: 'item', vaultId: done.vaultId, itemId: done.id });
      say({ text: `${mode === 'move' ? 'Moved' : 'Copied'} “${item.name}” to “${target.name}”${target.members > 1 ? `, where its ${target.members} members can read it` : ''}.` });
    });
  return (
    <div className="row" role="group" aria-label="Move or copy to another vault">
      <select aria-label="Other vault" value={to} onChange={(e) => setTo(e.target.value)}>
        {targets.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
      <button type="button" className="ghost" disabled={busy} onClick={() => transfer('copy')}>
        Copy there
      </button>
      {canMove && (
        <button type="button" className="ghost" disabled={busy} onClick={() => transfer('move')}>
          Move there
        </button>
      )}
    </div>
  );
}
