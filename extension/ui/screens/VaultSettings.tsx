/** A vault's name (admins only in a shared vault) and leaving a shared vault. */
import { useState, type FormEvent } from 'react';
import type { VaultInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';

export function VaultSettings({ vault, onRenamed }: { vault: VaultInfo; onRenamed: () => void }) {
  const { run, refreshList, show, say, busy } = useUi();
  const [name, setName] = useState(vault.name);
  const [leaving, setLeaving] = useState(false);
  const canRename = vault.role === null || vault.role === 'admin';
  const rename = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => (await ask({ type: 'rename-vault', vaultId: vault.id, name }), await refreshList(), onRenamed(), say({ text: `Renamed to “${name}”.` })));
  };
  const leave = () =>
    void run(async () => {
      const { name: left } = await ask({ type: 'leave-vault', vaultId: vault.id });
      await refreshList();
      show({ name: 'vaults' });
      say({ text: `Left “${left}”. Its keys are gone from this browser; its admins rotate its key.` });
    });
  return (
    <section className="stack">
      {canRename && (
        <form className="row" onSubmit={rename} aria-label="Rename the vault">
          <input aria-label="Vault name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="ghost" disabled={busy || name.trim() === vault.name}>
            Rename
          </button>
        </form>
      )}
      {vault.role !== null &&
        (leaving ? (
          <div className="confirm" role="alertdialog" aria-label={`Leave ${vault.name}?`}>
            <p>Leave “{vault.name}”? You lose access to its keys on every device; someone must invite you again to come back.</p>
            <div className="row">
              <button type="button" className="danger" autoFocus disabled={busy} onClick={leave}>
                Leave the vault
              </button>
              <button type="button" className="ghost" onClick={() => setLeaving(false)}>
                Stay
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="ghost danger" onClick={() => setLeaving(true)}>
            Leave this vault
          </button>
        ))}
    </section>
  );
}
