import { useCallback } from 'react';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';

export function ItemView({ itemId, revealed }: { itemId: string; revealed: string | null }) {
  const { items, reveal, show } = useUi();
  useEscape(useCallback(() => show({ name: 'list' }), [show]));
  const item = items.find((i) => i.id === itemId);
  if (!item) return null;
  return (
    <section className="stack">
      <button type="button" className="ghost back" onClick={() => show({ name: 'list' })}>
        ← All keys
      </button>
      <h2>{item.name}</h2>
      <dl>
        <dt>Provider</dt>
        <dd>{item.provider || '—'}</dd>
        <dt>Environment</dt>
        <dd>{item.environment || '—'}</dd>
        <dt>Status</dt>
        <dd>{item.status}</dd>
        <dt>Value</dt>
        <dd>
          <code aria-label="Key value">{revealed ?? item.masked}</code>
        </dd>
      </dl>
      <ErrorLine />
      {revealed === null && (
        <button type="button" onClick={() => void reveal(itemId)}>
          Reveal (recorded in the audit log)
        </button>
      )}
    </section>
  );
}
