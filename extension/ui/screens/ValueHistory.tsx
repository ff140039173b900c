/**
 * A key's earlier values (decision #113), newest first: when each was replaced and why, masked, with
 * Reveal and Copy like the current value's. The page holds only masks until a click asks the worker for
 * one value (audited as a reveal or copy naming when it was replaced); a copy goes through the same
 * clipboard clearing, and a revoked key's copy asks first, as the current value's does.
 */
import { useCallback, useState } from 'react';
import type { EarlierValue, ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { copyValue } from '../copy-value.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';
import { RevokedCopy } from './RevokedCopy.js';
import '../value-history.css';

/**
 * How an entry is named to a person and a screen reader: by the day the key's page shows elsewhere, or,
 * when another entry was replaced that day (or minute, or second), to the minute (second, millisecond) in UTC, so two
 * buttons never share a name.
 */
function replacedOn(entry: EarlierValue, all: readonly EarlierValue[]): string {
  const cut = (iso: string, end: number) => iso.slice(0, end).replace('T', ' ');
  const end = [10, 16, 19, 23].find((n) => !all.some((other) => other !== entry && cut(other.retiredAt, n) === cut(entry.retiredAt, n))) ?? 23;
  return end === 10 ? cut(entry.retiredAt, end) : `${cut(entry.retiredAt, end)} UTC`;
}

/** "rotated" is what clients record when the person gave no reason: it says nothing. */
const why = (reason: string) => (reason && reason !== 'rotated' ? reason : null);

export function ValueHistory({ item }: { item: ItemDetail }) {
  const { run, say } = useUi();
  // Keyed by place and time together: a merge can move an entry to another place (decision 113), and a
  // revealed value must never end up beside another entry's date.
  const [revealed, setRevealed] = useState<ReadonlyMap<string, string>>(new Map());
  const slot = (e: EarlierValue) => `${e.index}:${e.retiredAt}`;
  const [asking, setAsking] = useState<number | null>(null);
  const cancel = useCallback(() => setAsking(null), []);
  const revoked = item.status === 'revoked';
  const ref = (e: EarlierValue) => ({ index: e.index, retiredAt: e.retiredAt });

  const reveal = (e: EarlierValue) =>
    void run(async () => {
      const { value } = await ask({ type: 'reveal', vaultId: item.vaultId, itemId: item.id, earlier: ref(e) });
      setRevealed((shown) => new Map(shown).set(slot(e), value));
    }, `earlier:${e.index}`);
  const hide = (e: EarlierValue) =>
    setRevealed((shown) => {
      const next = new Map(shown);
      next.delete(slot(e));
      return next;
    });
  const copy = (e: EarlierValue, on: string) =>
    void run(async () => {
      const seconds = await copyValue(item.vaultId, item.id, ref(e));
      setAsking(null);
      say({ text: `Copied the value replaced on ${on}. The clipboard is cleared in ${seconds} s if it still holds it.` });
    }, `earlier:${e.index}`);

  const entries = [...item.history].reverse();
  return (
    <section className="stack value-history" aria-label="Value history">
      <h3>Value history</h3>
      <ul className="plain">
        {entries.map((e) => {
          const on = replacedOn(e, entries);
          const value = revealed.get(slot(e));
          const reason = why(e.reason);
          return (
            <li key={`${e.index}:${e.retiredAt}`}>
              <span className="muted small">
                Replaced on {on}
                {reason && <>: {reason}</>}
              </span>
              {e.masked === null ? (
                <span className="small">Value not kept.</span>
              ) : (
                <>
                  <code aria-label={`Value replaced on ${on}`}>{value ?? e.masked}</code>
                  <span className="actions">
                    {value === undefined ? (
                      <button type="button" className="ghost small" aria-label={`Reveal the value replaced on ${on}`} onClick={() => reveal(e)}>
                        Reveal
                      </button>
                    ) : (
                      <button type="button" className="ghost small" aria-label={`Hide the value replaced on ${on}`} onClick={() => hide(e)}>
                        Hide
                      </button>
                    )}
                    <button type="button" className="ghost small" aria-label={`Copy the value replaced on ${on}`} onClick={revoked ? () => setAsking(e.index) : () => copy(e, on)}>
                      Copy
                    </button>
                  </span>
                  {asking === e.index && <RevokedCopy onCopy={() => copy(e, on)} onCancel={cancel} />}
                </>
              )}
              <ErrorLine at={`earlier:${e.index}`} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
