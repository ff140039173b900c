/**
 * Which vault the screens show: all of them, or one. A native select, so it works from the keyboard
 * and with a screen reader; a shared vault says so, and one the server stopped listing says that too.
 */
import type { VaultInfo } from '../messages/protocol.js';
import { useUi } from './store.js';

export function vaultLabel(v: VaultInfo): string {
  if (v.unlisted) return `${v.name} (no longer shared with you)`;
  return v.role ? `${v.name} · ${v.members} members · ${v.role}` : v.name;
}

export function VaultSwitcher({ all = true }: { all?: boolean }) {
  const { vaults, vault, setVault } = useUi();
  if (vaults.length < 2) return null;
  const current = all ? vault : vault || (vaults.find((v) => v.default)?.id ?? '');
  return (
    <label className="inline switcher">
      <span>Vault</span>
      <select aria-label="Vault" value={current} onChange={(e) => setVault(e.target.value)}>
        {all && <option value="">All vaults</option>}
        {vaults.map((v) => (
          <option key={v.id} value={v.id}>
            {vaultLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
