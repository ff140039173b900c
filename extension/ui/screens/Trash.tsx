/**
 * The Trash (shared/vault/trash.ts): every vault's deleted keys, newest first, each with when it was
 * deleted and the days left before it is deleted for good; Restore brings back the same key, "Delete
 * forever" and "Empty Trash" ask first. Nothing here shows or copies a value. In a vault where this
 * account may not change keys, its trashed keys are listed with why there is no button.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ask } from '../client.js';
import { fullTime, shownTime } from '../relative-time.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import type { TrashAnswer, TrashRow } from '../../messages/trash-protocol.js';
import { ErrorLine } from './ErrorLine.js';
import '../trash.css';

/** Which confirmation is open: one key's "Delete forever", or "Empty Trash". */
type Confirming = { row: TrashRow } | 'empty' | null;

export function Trash() {
  const { run, say, busy, refreshList } = useUi();
  const [answer, setAnswer] = useState<TrashAnswer | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  useEffect(() => void run(async () => setAnswer(await ask({ type: 'trash' }))), [run]);
  useEscape(
    useCallback(() => setConfirming(null), []),
    { inner: true },
  );
  if (!answer) return <ErrorLine />;
  const changeable = answer.items.filter((i) => i.canChange);
  const now = Date.now();

  const restore = (row: TrashRow) =>
    void run(async () => {
      await ask({ type: 'restore-trashed', vaultId: row.vaultId, itemId: row.id });
      setAnswer(await ask({ type: 'trash' }));
      await refreshList();
      say({ text: `Restored “${row.name}” to ${row.vaultName}.` });
    });
  const purge = (row: TrashRow) =>
    void run(async () => {
      const next = await ask({ type: 'purge-trashed', vaultId: row.vaultId, itemId: row.id });
      setConfirming(null);
      setAnswer(next);
      say({ text: `Deleted “${next.name}” for good.` });
    });
  const empty = () =>
    void run(async () => {
      // The keys on screen, which the person confirmed: not whatever the Trash holds when the click lands.
      const next = await ask({ type: 'empty-trash', items: changeable.map((row) => ({ vaultId: row.vaultId, itemId: row.id })) });
      setConfirming(null);
      setAnswer(next);
      say({ text: `Deleted ${next.purged} key${next.purged === 1 ? '' : 's'} for good.` });
    });

  return (
    <section className="stack trash" aria-labelledby="trash-title">
      <div className="row trash-head">
        <h2 id="trash-title">Trash</h2>
        {changeable.length > 0 && (
          <button type="button" className="ghost danger" onClick={() => setConfirming('empty')} disabled={busy}>
            Empty Trash
          </button>
        )}
      </div>
      <p className="muted small">Deleted keys wait here for {answer.days} days, then they are deleted for good on every device. Restore one to use it again.</p>
      <ErrorLine />
      {confirming === 'empty' && (
        <Confirm label="Empty the Trash?" action={`Delete ${changeable.length === 1 ? 'it' : 'all'} for good`} busy={busy} onConfirm={empty} onCancel={() => setConfirming(null)}>
          Delete {changeable.length === 1 ? '1 key' : `all ${changeable.length} keys`} in the Trash for good, on every device? This cannot be undone.
          {changeable.length < answer.items.length && ' Keys of vaults where you are a viewer stay.'}
        </Confirm>
      )}
      {answer.items.length === 0 ? (
        <div className="empty">
          <p>The Trash is empty.</p>
          <p className="muted">Keys you delete wait here for {answer.days} days, so a mistake can be undone.</p>
        </div>
      ) : (
        <ul className="plain trash-rows" aria-label="Keys in the Trash">
          {answer.items.map((row) => (
            <li key={`${row.vaultId}/${row.id}`} className="trash-row">
              <div className="trash-what">
                <strong className="trash-name">{row.name}</strong>
                <span className="muted small">{[row.provider, row.environment, row.vaultName].filter(Boolean).join(' · ')}</span>
                <span className="small">
                  Deleted <time dateTime={row.trashedAt} title={fullTime(row.trashedAt)}>{shownTime(row.trashedAt, now)}</time> ·{' '}
                  <span className={row.daysLeft <= 3 ? 'trash-soon' : undefined} title={`Deleted for good on ${fullTime(row.purgeAt)}`}>
                    {row.daysLeft === 0 ? 'deleted for good at the next sync' : `deleted for good in ${row.daysLeft} day${row.daysLeft === 1 ? '' : 's'}`}
                  </span>
                </span>
              </div>
              {row.canChange ? (
                <div className="row trash-actions">
                  <button type="button" onClick={() => restore(row)} disabled={busy} aria-label={`Restore ${row.name}`}>
                    Restore
                  </button>
                  <button type="button" className="ghost danger" onClick={() => setConfirming({ row })} disabled={busy} aria-label={`Delete ${row.name} forever`}>
                    Delete forever
                  </button>
                </div>
              ) : (
                <p className="muted small">Read-only: only editors and admins of {row.vaultName} can restore or delete it.</p>
              )}
              {typeof confirming === 'object' && confirming?.row.id === row.id && (
                <Confirm label={`Delete ${row.name} forever?`} action="Delete forever" busy={busy} onConfirm={() => purge(row)} onCancel={() => setConfirming(null)}>
                  Delete “{row.name}” for good, on every device? This cannot be undone.
                </Confirm>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A destructive step asked for once more: the confirming button takes the focus, Escape or Cancel backs out. */
function Confirm(props: { label: string; action: string; busy: boolean; onConfirm: () => void; onCancel: () => void; children: ReactNode }) {
  return (
    <div className="confirm" role="alertdialog" aria-label={props.label}>
      <p>{props.children}</p>
      <div className="row">
        <button type="button" className="danger" autoFocus onClick={props.onConfirm} disabled={props.busy}>
          {props.action}
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
