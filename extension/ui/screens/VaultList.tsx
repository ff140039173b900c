/** The vault: instant search, masked values, health markers, and an empty state that says what to do. */
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function VaultList() {
  const { items, unreadable, query, setQuery, show } = useUi();
  const q = query.trim().toLowerCase();
  const shown = q ? items.filter((i) => [i.name, i.provider, i.environment].some((f) => f.toLowerCase().includes(q))) : items;

  return (
    <section className="stack">
      <div className="row">
        <input type="search" aria-label="Search keys" placeholder="Search by name, provider, environment" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <button type="button" onClick={() => show({ name: 'add' })}>
          Add key
        </button>
      </div>
      <ErrorLine />
      {unreadable > 0 && (
        <p role="status" className="warning">
          {unreadable} item(s) could not be decrypted (altered, or from a key this browser does not have) and are hidden.
        </p>
      )}
      {items.length === 0 ? (
        <div className="empty">
          <p>No keys yet.</p>
          <p className="muted">Add your first API key with “Add key”. It is encrypted before it is stored.</p>
        </div>
      ) : shown.length === 0 ? (
        <p className="muted">No key matches “{query}”.</p>
      ) : (
        <ul className="items" aria-label="Keys">
          {shown.map((item) => (
            <li key={item.id}>
              <button type="button" className="item" onClick={() => show({ name: 'item', itemId: item.id, revealed: null })}>
                <span className="avatar" aria-hidden="true">
                  {(item.provider || item.name).slice(0, 2).toUpperCase()}
                </span>
                <span className="name">{item.name}</span>
                <span className="meta">{[item.provider, item.environment].filter(Boolean).join(' · ')}</span>
                <code className="masked">{item.masked}</code>
                {item.health.map((h) => (
                  <span key={h} className={`flag ${h}`}>
                    {h}
                  </span>
                ))}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
