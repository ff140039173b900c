/**
 * One key: its details, reveal and copy (both audited), edit, rotate (paste or generate; earlier values
 * are kept, and revealed or copied in ValueHistory), revoke with a reason, reactivate, delete (to the Trash) with undo,
 * and the item's audit entries.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AuditAnswer, ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi, writable } from '../store.js';
import { useToggleFavourite } from '../favourites.js';
import '../favourites.css';
import { ProviderAvatar } from '../logos/ProviderAvatar.js';
import { FavouriteStar } from './FavouriteStar.js';
import { MoveCopy } from './MoveCopy.js';
import { useEscape } from '../use-escape.js';
import { When } from '../When.js';
import { AuditEntries } from './AuditEntries.js';
import { ErrorLine } from './ErrorLine.js';
import { fieldsFrom } from './FieldInputs.js';
import { Flags, HealthLine } from './Flags.js';
import { ItemActions, type ItemMode } from './ItemActions.js';
import { EditForm, RevokeForm, RotateForm } from './ItemForms.js';
import { SigningKeys } from './SigningKeys.js';
import { ValueHistory } from './ValueHistory.js';

const day = (iso: string | null) => (iso ? <When at={iso} day /> : '—');

export function ItemView({ vaultId, itemId }: { vaultId: string; itemId: string }) {
  const { run, refreshList, show, say, busy, revision, vaults } = useUi();
  const star = useToggleFavourite();
  const titleId = useId();
  const vault = vaults.find((v) => v.id === vaultId);
  const canWrite = writable(vault);
  const [item, setItem] = useState<ItemDetail | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [mode, setMode] = useState<ItemMode>('view');
  const [audit, setAudit] = useState<AuditAnswer | null>(null);
  const back = useCallback(() => (mode === 'view' ? show({ name: 'list' }) : setMode('view')), [mode, show]);
  useEscape(back);

  const load = useCallback(() => void run(async () => setItem(await ask({ type: 'item', vaultId, itemId }))), [run, vaultId, itemId]);
  useEffect(load, [load]);
  // Opening a key puts focus on its name, so a screen reader says where it is and Tab starts from here
  // (the row that was clicked is gone: focus would otherwise fall back to the page's body).
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = item !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  // After each sync, quietly (an error being read stays): another device may have changed the key.
  useEffect(() => {
    if (revision) void ask({ type: 'item', vaultId, itemId }).then(setItem, () => undefined);
  }, [revision, vaultId, itemId]);
  const loadAudit = () => void ask({ type: 'audit', vaultId, itemId }).then(setAudit, () => setAudit(null));

  /** Runs a change, shows the item as it now is, and refreshes the list behind it. */
  const change = (work: () => Promise<ItemDetail>, message: string) =>
    run(async () => {
      const next = await work();
      setItem(next);
      setRevealed(null);
      setMode('view');
      say({ text: message });
      await refreshList();
    });

  if (!item) return <ErrorLine />;
  const revoked = item.status === 'revoked';
  return (
    <section className="stack">
      <button type="button" className="ghost back" onClick={() => show({ name: 'list' })}>
        ← Keys
      </button>
      <div className="row spread">
        <div className="item-title">
          <ProviderAvatar provider={item.provider} name={item.name} />
          <h2 ref={heading} tabIndex={-1} id={titleId}>
            {item.name}
          </h2>
          <FavouriteStar item={item} describedBy={titleId} scope="page:" onToggle={() => void star(item).then((on) => on !== null && setItem({ ...item, favourite: on }))} />
        </div>
        <Flags flags={item.health} />
      </div>
      {!revoked && <HealthLine score={item.healthScore} reasons={item.healthReasons} />}
      {revoked && (
        <p className="warning" role="note">
          Revoked {item.revokedAt ? <When at={item.revokedAt} /> : ''}: {item.revokedReason}. Revoke it at the provider too if you have not.
        </p>
      )}
      <dl>
        {vaults.length > 1 && (
          <>
            <dt>Vault</dt>
            <dd>{vault ? `${vault.name}${vault.role ? ` (you are ${vault.role === 'admin' ? 'an' : 'a'} ${vault.role})` : ''}` : '—'}</dd>
          </>
        )}
        <dt>Value</dt>
        <dd>
          <code aria-label="Key value">{revealed ?? item.masked}</code>
        </dd>
        <dt>Provider</dt>
        <dd>{[item.provider, item.kind].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Environment</dt>
        <dd>{item.environment || '—'}</dd>
        {item.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{item.tags.join(', ')}</dd>
          </>
        )}
        <dt>Value since</dt>
        <dd>{item.valueSince ? <When at={item.valueSince} /> : '—'}</dd>
        <dt>Rotation</dt>
        <dd>{item.rotationDays ? <>every {item.rotationDays} days, next by {day(item.rotationDueAt)}</> : 'no policy'}</dd>
        <dt>Expires</dt>
        <dd>{day(item.expiresAt)}</dd>
        {item.url && (
          <>
            <dt>Dashboard</dt>
            <dd>
              <a href={item.url} target="_blank" rel="noreferrer noopener">
                {item.url}
              </a>
            </dd>
          </>
        )}
        {item.notes && (
          <>
            <dt>Notes</dt>
            <dd className="notes">{item.notes}</dd>
          </>
        )}
      </dl>
      <ErrorLine />

      {mode === 'view' && (
        <ItemActions
          vaultId={vaultId}
          item={item}
          canWrite={canWrite}
          revealed={revealed}
          setRevealed={setRevealed}
          setMode={setMode}
          reactivate={() => void change(() => ask({ type: 'reactivate', vaultId, itemId }), `Reactivated “${item.name}”.`)}
        />
      )}
      {mode === 'view' && vaults.length > 1 && <MoveCopy vaultId={vaultId} item={item} />}
      {mode === 'view' && <p className="muted small">Reveals and copies are recorded in the audit log.</p>}
      {mode === 'view' && item.signingKeys && <SigningKeys item={item} canWrite={canWrite} onChange={(next) => (setItem(next), setRevealed(null))} />}

      {mode === 'edit' && <EditForm item={item} busy={busy} onCancel={() => setMode('view')} onSave={(draft) => void change(() => ask({ type: 'edit', vaultId, itemId, fields: fieldsFrom(draft) }), 'Saved.')} />}
      {mode === 'rotate' && <RotateForm busy={busy} onCancel={() => setMode('view')} onRotate={(value, reason) => void change(() => ask({ type: 'rotate', vaultId, itemId, value, reason }), `Rotated “${item.name}”; the old value is in its history.`)} />}
      {mode === 'revoke' && <RevokeForm busy={busy} onCancel={() => setMode('view')} onRevoke={(reason) => void change(() => ask({ type: 'revoke', vaultId, itemId, reason }), `Revoked “${item.name}”.`)} />}
      {mode === 'delete' && (
        <div className="confirm" role="alertdialog" aria-label="Delete this key?">
          <p>Move “{item.name}” to the Trash on every device? It stays there for 30 days, and can be restored until then.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={() =>
                void run(async () => {
                  const { name } = await ask({ type: 'delete', vaultId, itemId });
                  await refreshList();
                  show({ name: 'list' });
                  say({
                    text: `Moved ${name} to Trash`,
                    action: {
                      label: 'Undo',
                      run: async () => {
                        // The same key back out of the Trash (its id, history and rotation state kept).
                        const restored = await ask({ type: 'undo-delete', vaultId, itemId });
                        await refreshList();
                        say({ text: `Restored “${restored.name}” from the Trash.` });
                      },
                    },
                  });
                })
              }
            >
              Move to Trash
            </button>
            <button type="button" className="ghost" onClick={() => setMode('view')}>
              Keep it
            </button>
          </div>
        </div>
      )}

      {/* Keyed by the last change: a rotation or sync redraws it with every earlier value masked again. */}
      {item.history.length > 0 && <ValueHistory key={`${item.updatedAt}:${item.history.length}`} item={item} />}
      <section aria-label="Audit entries for this key">
        <h3>Audit</h3>
        {audit ? <AuditEntries entries={audit.entries} /> : <button type="button" className="ghost" onClick={loadAudit}>Show this key’s audit entries</button>}
      </section>
    </section>
  );
}
