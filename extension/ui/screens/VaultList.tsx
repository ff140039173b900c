/** The vault: instant search, filters, masked values, health markers, and an empty state that says what to do. */
import { targetVault, visibleItems, useUi, writable } from '../store.js';
import { VaultSwitcher } from '../VaultSwitcher.js';
import { ErrorLine } from './ErrorLine.js';
import { Flags } from './Flags.js';

export function VaultList() {
  const { items: all, unreadable, query, setQuery, filters, setFilters, show, vaults, vault } = useUi();
  const items = vault ? all.filter((i) => i.vaultId === vault) : all;
  const shown = visibleItems(items, query, filters);
  const target = targetVault(vaults, vault);
  const vaultName = new Map(vaults.map((v) => [v.id, v.name]));
  const environments = [...new Set(items.map((i) => i.environment).filter(Boolean))].sort();
  const filtering = Boolean(query.trim() || filters.environment || filters.status || filters.health);

  return (
    <section className="stack">
      <div className="row">
        <input type="search" aria-label="Search keys" placeholder="Search name, provider, tag" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        {writable(target) && (
          <button type="button" onClick={() => show({ name: 'add' })}>
            Add key
          </button>
        )}
      </div>
      <VaultSwitcher />
      {target && vault && !writable(target) && (
        <p className="muted small" role="note">
          {target.unlisted ? `“${target.name}” is no longer shared with you: what this browser had is kept, read-only, and no longer synced.` : `You are a viewer in “${target.name}”: you can read and copy its keys, not change them.`}
        </p>
      )}
      {items.length > 0 && (
        <div className="row filters">
          <select aria-label="Environment" value={filters.environment} onChange={(e) => setFilters({ environment: e.target.value })}>
            <option value="">All environments</option>
            {environments.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
          <select aria-label="Status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as typeof filters.status })}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="revoked">Revoked</option>
          </select>
          <select aria-label="Health" value={filters.health} onChange={(e) => setFilters({ health: e.target.value as typeof filters.health })}>
            <option value="">Any health</option>
            <option value="attention">Needs attention</option>
            <option value="overdue">Overdue</option>
            <option value="expiring">Expiring</option>
            <option value="expired">Expired</option>
            <option value="duplicate">Duplicate</option>
            <option value="healthy">Healthy</option>
          </select>
        </div>
      )}
      <ErrorLine />
      {unreadable > 0 && (
        <p role="status" className="warning">
          {unreadable} item(s) could not be decrypted (altered, or from a key this browser does not have) and are hidden.
        </p>
      )}
      {items.length === 0 ? (
        <div className="empty">
          <p>{vault ? `No keys in “${target?.name}” yet.` : 'No keys yet.'}</p>
          <p className="muted">
            {writable(target)
              ? 'Add your first API key with “Add key”, or bring a .env file or a backup in through Import. Keys are encrypted before they are stored.'
              : 'Keys the editors of this vault add show up here.'}
          </p>
        </div>
      ) : shown.length === 0 ? (
        <p className="muted">{filtering ? 'No key matches this search and these filters.' : 'No keys.'}</p>
      ) : (
        <ul className="items" aria-label="Keys">
          {shown.map((item) => (
            <li key={item.id}>
              <button type="button" className="item" onClick={() => show({ name: 'item', vaultId: item.vaultId, itemId: item.id })}>
                <span className="avatar" aria-hidden="true">
                  {(item.provider || item.name).slice(0, 2).toUpperCase()}
                </span>
                <span className="name">{item.name}</span>
                <span className="meta">{[!vault && vaults.length > 1 ? vaultName.get(item.vaultId) : '', item.provider, item.environment, ...item.tags].filter(Boolean).join(' · ')}</span>
                <code className="masked">{item.masked}</code>
                <span className="flags">
                  <Flags flags={item.health} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {filtering && shown.length > 0 && <p className="muted small">{shown.length} of {items.length} keys</p>}
    </section>
  );
}
