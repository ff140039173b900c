/**
 * What a row of the key list does besides opening its key: reveal (the value stays in the row until it
 * is hidden, until the key's value changes, or until the list is another one: KeyRows is remounted for
 * each search, filter, sort and vault, and this state goes with it), copy (the row says "Copied" for a
 * few seconds), and the warning before a revoked key is copied. Held for the whole list, not per row: a
 * virtualised row leaves the page when it is scrolled away and comes back as a new component. Revealed
 * values live here, in the list's own state, never in the store (store.ts keeps nothing secret).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { copyValue } from '../copy-value.js';
import { useToggleFavourite } from '../favourites.js';
import { focusStar } from './FavouriteStar.js';
import { useUi } from '../store.js';

/** How long "Copied" stays beside the button (the notice bar's messages stay 10 s; this one is local). */
const COPIED_MS = 4_000;

export interface RowActions {
  /** Told apart from another list's rows of the same keys (errors show in the row that caused them). */
  scope: string;
  /** The revealed value of this row, or null when it is masked. */
  revealed(item: ItemSummary): string | null;
  toggleReveal(item: ItemSummary): void;
  /** The row that just copied, with the seconds until the clipboard is cleared. */
  copied: { id: string; seconds: number } | null;
  /** The revoked row asking "copy anyway?". */
  confirming: string | null;
  /** Copies the value; a revoked key asks first unless `confirmed`. */
  copy(item: ItemSummary, confirmed?: boolean): void;
  cancelCopy(): void;
  /** Stars or unstars the key (its row moves); focus follows the star. */
  toggleFavourite(item: ItemSummary): void;
}

/** Errors of a row's reveal or copy show in that row (ErrorLine with this `at`), in the list (`scope`) it is in. */
export const rowAt = (item: ItemSummary, scope = '') => `row:${scope}${item.vaultId}/${item.id}`;

export function useRowActions(scope = ''): RowActions {
  const run = useUi((s) => s.run);
  // The value with the time its value was set: a rotation (here or on another device) hides the old one.
  const [values, setValues] = useState<ReadonlyMap<string, { value: string; since: string }>>(() => new Map());
  const [copied, setCopied] = useState<RowActions['copied']>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const revealed = useCallback(
    (item: ItemSummary) => {
      const shown = values.get(item.id);
      return shown && shown.since === item.valueSince ? shown.value : null;
    },
    [values],
  );
  const toggleReveal = useCallback(
    (item: ItemSummary) => {
      if (revealed(item) !== null) return setValues((m) => without(m, item.id));
      void run(async () => {
        const { value } = await ask({ type: 'reveal', vaultId: item.vaultId, itemId: item.id });
        setValues((m) => new Map(m).set(item.id, { value, since: item.valueSince }));
      }, rowAt(item, scope));
    },
    [run, revealed, scope],
  );
  const copy = useCallback(
    (item: ItemSummary, confirmed = false) => {
      if (item.status === 'revoked' && !confirmed) return setConfirming(item.id);
      void run(async () => {
        const seconds = await copyValue(item.vaultId, item.id);
        setConfirming(null);
        setCopied({ id: item.id, seconds });
      }, rowAt(item, scope));
    },
    [run, scope],
  );
  const cancelCopy = useCallback(() => setConfirming(null), []);
  const star = useToggleFavourite();
  const toggleFavourite = useCallback((item: ItemSummary) => void star(item, rowAt(item, scope)).then(() => requestAnimationFrame(() => focusStar(item, scope))), [star, scope]);
  return useMemo(() => ({ scope, revealed, toggleReveal, copied, confirming, copy, cancelCopy, toggleFavourite }), [scope, revealed, toggleReveal, copied, confirming, copy, cancelCopy, toggleFavourite]);
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
