/** The vault: instant search, filters, masked values, health markers, and an empty state that says what to do. */
import { useLayoutEffect } from 'react';
import { targetVault, useUi, writable } from '../store.js';
import { VaultSwitcher } from '../VaultSwitcher.js';
import { ErrorLine } from './ErrorLine.js';
import { KeyRows } from './KeyRows.js';

export function VaultList() {
  const { items: shown, total, inScope, environments, unreadable, listed, query, setQuery, filters, setFilters, show, vaults, vault, moreRows, listScroll, keepListScroll } = useUi();
  // Back from a key, the list is where it was.
  useLayoutEffect(() => {
    if (listScroll > 0) window.scrollTo(0, listScroll);
  }, []); // once, on coming back: later scrolling is the person's
  const target = targetVault(vaults, vault);
  const vaultName = new Map(vaults.map((v) => [v.id, v.name]));
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
      {inScope > 0 && (
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
      {filtering && total > 0 && (
        <p className="muted small" role="status">
          {total} of {inScope} keys
        </p>
      )}
      {!listed ? (
        <p className="muted">Opening the list…</p>
      ) : inScope === 0 ? (
        <div className="empty">
          <p>{vault ? `No keys in “${target?.name}” yet.` : 'No keys yet.'}</p>
          <p className="muted">
            {writable(target)
              ? 'Add your first API key with “Add key”, or bring a .env file or a backup in through Import. Keys are encrypted before they are stored.'
              : 'Keys the editors of this vault add show up here.'}
          </p>
        </div>
      ) : total === 0 ? (
        <p className="muted">{filtering ? 'No key matches this search and these filters.' : 'No keys.'}</p>
      ) : (
        <KeyRows rows={shown} count={total} more={() => void moreRows().catch(() => undefined)} where={(item) => (!vault && vaults.length > 1 ? (vaultName.get(item.vaultId) ?? '') : '')} open={(item) => (keepListScroll(window.scrollY), show({ name: 'item', vaultId: item.vaultId, itemId: item.id }))} />
      )}
    </section>
  );
}
