/** A vault's name (admins only in a shared vault), its access tokens, leaving a shared vault, deleting a vault (admins). */
import { plural } from '../plural.js';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { VaultInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function VaultSettings({ vault, onRenamed }: { vault: VaultInfo; onRenamed: () => void }) {
  const { run, refreshList, show, say, busy } = useUi();
  const [name, setName] = useState(vault.name);
  const [confirming, setConfirming] = useState<'leave' | 'delete' | null>(null);
  const canRename = vault.role === null || vault.role === 'admin';
  const others = vault.members - 1;
  const rename = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => (await ask({ type: 'rename-vault', vaultId: vault.id, name }), await refreshList(), onRenamed(), say({ text: `Renamed to “${name}”.` })), 'vault-settings');
  };
  const drop = (type: 'leave-vault' | 'delete-vault') =>
    void run(async () => {
      const { name: gone } = await ask({ type, vaultId: vault.id });
      await refreshList();
      show({ name: 'vaults' });
      say({ text: type === 'leave-vault' ? `Left “${gone}”. Its keys are gone from this browser; its admins rotate its key.` : `Deleted “${gone}”.` });
    }, 'vault-settings');
  return (
    <section className="stack">
      <ErrorLine at="vault-settings" />
      {canRename && (
        <form className="row" onSubmit={rename} aria-label="Rename the vault">
          <input aria-label="Vault name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="ghost" disabled={busy || name.trim() === vault.name}>
            Rename
          </button>
        </form>
      )}
      {confirming === 'leave' && (
        <Confirm label={`Leave ${vault.name}?`} action="Leave the vault" onYes={() => drop('leave-vault')} onNo={() => setConfirming(null)} busy={busy}>
          Leave “{vault.name}”? You lose access to its keys on every device; someone must invite you again to come back.
        </Confirm>
      )}
      {confirming === 'delete' && (
        <Confirm label={`Delete ${vault.name}?`} action="Delete the vault" onYes={() => drop('delete-vault')} onNo={() => setConfirming(null)} busy={busy}>
          Delete “{vault.name}” and its {plural(vault.items, 'key')} from the server{others > 0 ? ` for its ${plural(others, 'other member')}` : ''}? This cannot be undone.
          {others > 0 ? ' Their browsers keep what they already hold, read-only.' : ''} Export a backup first if you may need them.
        </Confirm>
      )}
      {confirming === null && (
        <div className="actions">
          {vault.onServer && !vault.unlisted && (
            <button type="button" className="ghost" onClick={() => show({ name: 'tokens', vaultId: vault.id })}>
              Access tokens
            </button>
          )}
          {vault.role !== null && (
            <button type="button" className="ghost danger" onClick={() => setConfirming('leave')}>
              Leave this vault
            </button>
          )}
          {canRename && !vault.default && (
            <button type="button" className="ghost danger" onClick={() => setConfirming('delete')}>
              Delete this vault
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Confirm({ label, action, onYes, onNo, busy, children }: { label: string; action: string; onYes: () => void; onNo: () => void; busy: boolean; children: ReactNode }) {
  return (
    <div className="confirm" role="alertdialog" aria-label={label}>
      <p>{children}</p>
      <div className="row">
        <button type="button" className="danger" autoFocus disabled={busy} onClick={onYes}>
          {action}
        </button>
        <button type="button" className="ghost" onClick={onNo}>
          Cancel
        </button>
      </div>
    </div>
  );
}
