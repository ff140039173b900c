/**
 * The vault: instant search, filters and order, masked values, health markers, row actions, and an empty
 * state that says what to do; in the popup over a site, that site's keys first (SiteKeys.tsx). Keyboard:
 * `/` goes to the search box; from there ArrowDown goes to the first row and Enter opens it; in the
 * list, roving-rows.ts, and from the site's last row ArrowDown goes on into the list (and back up).
 */
import { plural } from '../plural.js';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { targetVault, useUi, writable } from '../store.js';
import { VaultSwitcher } from '../VaultSwitcher.js';
import { ErrorLine } from './ErrorLine.js';
import { KeyRows } from './KeyRows.js';
import { TrashLink } from './TrashLink.js';
import { ListFilters } from './ListFilters.js';
import type { RowsHandle } from './roving-rows.js';
import { SiteKeys } from './SiteKeys.js';

/** How the key a person opened from "For this site" is remembered, so focus comes back to that row, not the list's. */
const FROM_SITE = 'site:';

export function VaultList() {
  const { items: shown, total, inScope, unreadable, listed, query, setQuery, filters, sort, show, vaults, vault, moreRows, listScroll, listFocus, keepListScroll, site, siteRows } = useUi();
  const search = useRef<HTMLInputElement>(null);
  const rows = useRef<RowsHandle>(null);
  const siteList = useRef<RowsHandle>(null);
  const siteShown = siteRows.items.length > 0 && !query.trim();
  // Back from a key, the list is where it was, and focus on the key's row (the search box otherwise).
  const returnTo = useRef(listFocus);
  const fromSite = returnTo.current.startsWith(FROM_SITE);
  const backTo = fromSite ? returnTo.current.slice(FROM_SITE.length) : returnTo.current;
  useLayoutEffect(() => {
    if (listScroll > 0) window.scrollTo(0, listScroll);
    if (!backTo || !(fromSite ? siteRows.items : shown).some((i) => i.id === backTo)) search.current?.focus({ preventScroll: listScroll > 0 });
  }, []); // once, on coming back: later scrolling is the person's
  useEffect(() => {
    // The rows took it as they appeared: a new search, or coming back from another screen, starts afresh.
    returnTo.current = '';
    keepListScroll(listScroll);
  }, []);
  useSlashToSearch(search);
  const openFrom = (prefix: string) => (item: (typeof shown)[number]) => (keepListScroll(window.scrollY, prefix + item.id), show({ name: 'item', vaultId: item.vaultId, itemId: item.id }));
  const open = openFrom('');
  const first = siteShown ? siteRows.items[0] : shown[0];
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === 'ArrowDown' && total > 0) (siteShown ? siteList : rows).current?.focusRow(0);
    else if (e.key === 'Enter' && first) (siteShown ? openFrom(FROM_SITE) : open)(first);
    else return;
    e.preventDefault();
  };
  const where = (item: (typeof shown)[number]) => (!vault && vaults.length > 1 ? (vaultName.get(item.vaultId) ?? '') : '');
  const target = targetVault(vaults, vault);
  const vaultName = new Map(vaults.map((v) => [v.id, v.name]));
  const filtering = Boolean(query.trim() || filters.environment || filters.status || filters.health);

  return (
    <section className="stack">
      <div className="row">
        <input ref={search} type="search" aria-label="Search keys" aria-keyshortcuts="/" placeholder="Search name, provider, tag" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} />
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
      {inScope > 0 && <ListFilters />}
      <ErrorLine />
      {unreadable > 0 && (
        <p role="status" className="warning">
          {plural(unreadable, 'key')} could not be decrypted (altered, or from a key this browser does not have) and {unreadable === 1 ? 'is' : 'are'} hidden.
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
        // A new search, filter, order or vault is a new list: revealed values, "Copied" and the focused row go.
        <>
          {siteShown && (
            <SiteKeys
              key={JSON.stringify([vault, filters, sort, site])}
              host={site}
              rows={siteRows.items}
              total={siteRows.total}
              handle={siteList}
              where={where}
              open={openFrom(FROM_SITE)}
              returnTo={fromSite ? backTo : ''}
              up={() => search.current?.focus()}
              down={() => rows.current?.focusRow(0)}
            />
          )}
          {siteShown && <h2 className="list-heading">All keys</h2>}
          <KeyRows
            key={JSON.stringify([vault, query, filters, sort])}
            handle={rows}
            rows={shown}
            count={total}
            more={() => void moreRows().catch(() => undefined)}
            where={where}
            open={open}
            returnTo={fromSite ? '' : backTo}
            up={() => (siteShown ? siteList.current?.focusRow(siteRows.items.length - 1) : search.current?.focus())}
          />
        </>
      )}
      <TrashLink label="Deleted keys (Trash)" />
    </section>
  );
}

/** `/` goes to the search box, as on most sites with one, unless a text field is where `/` is being typed. */
function useSlashToSearch(search: { current: HTMLInputElement | null }) {
  useEffect(() => {
    const listener = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typesText(e.target)) return;
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [search]);
}

const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color', 'image']);

function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}
