/**
 * One row of the key list: a button that opens the key (name, where it is used, masked value, health),
 * and beside it Reveal/Hide and Copy. Below, when asked: the revealed value, the warning before a revoked
 * key is copied, and an error of this row's reveal or copy.
 *
 * Why a list of buttons and not a listbox of options: an option's content is presentational (ARIA 1.2),
 * so the Reveal and Copy buttons inside a row would be hidden from assistive technology or be invalid,
 * and Enter here opens a key, which is a button's action, not a selection. The list keeps its
 * `listitem`s with `aria-setsize`/`aria-posinset` (the virtualised list has only some rows in the page),
 * and the roving focus (roving-rows.ts) moves between the rows' main buttons.
 */
import { BreakableName } from '../BreakableName.js';
import { useId, useRef } from 'react';
import type { ItemSummary } from '../../messages/protocol.js';
import '../favourites.css';
import { ProviderAvatar } from '../logos/ProviderAvatar.js';
import { ErrorLine } from './ErrorLine.js';
import { FavouriteStar } from './FavouriteStar.js';
import { Flags } from './Flags.js';
import { RevokedCopy } from './RevokedCopy.js';
import { rowAt, type RowActions } from './row-actions.js';
import type { Roving } from './roving-rows.js';

interface RowProps {
  item: ItemSummary;
  index: number;
  /** Extra text on the meta line (the vault's name when several are listed). */
  where: string;
  open(item: ItemSummary): void;
  actions: RowActions;
  roving: Roving;
}

export function KeyRow({ item, index, where, open, actions, roving }: RowProps) {
  const nameId = useId();
  const main = useRef<HTMLButtonElement | null>(null);
  const value = actions.revealed(item);
  const copied = actions.copied?.id === item.id ? actions.copied : null;
  // Only the row in the Tab order has its buttons there too; arrows reach the others.
  const tab = roving.active === index ? 0 : -1;
  // Answered or not, focus goes back to the row (the buttons that had it are gone).
  const settle = (work: () => void) => () => (work(), main.current?.focus());
  return (
    <div className="key-row" onFocus={() => roving.focused(index)}>
      <button
        type="button"
        className="item"
        data-row={index}
        tabIndex={tab}
        ref={(el) => {
          main.current = el;
          roving.claim(el, index);
        }}
        onClick={() => open(item)}
      >
        <ProviderAvatar provider={item.provider} name={item.name} />
        <span className="name" id={nameId}>
          <BreakableName text={item.name} />
        </span>
        <span className="meta">{[where, item.provider, item.environment, ...item.tags].filter(Boolean).join(' · ')}</span>
        <code className="masked">{item.masked}</code>
        <span className="flags">
          <Flags flags={item.health} />
        </span>
      </button>
      {/* Named "Reveal" and "Copy" (what is seen), described by the key's name: one per row, told apart. */}
      <span className="row-actions">
        <button type="button" className="ghost small" tabIndex={tab} aria-describedby={nameId} onClick={() => actions.toggleReveal(item)}>
          {value === null ? 'Reveal' : 'Hide'}
        </button>
        <button type="button" className="ghost small" tabIndex={tab} aria-describedby={nameId} onClick={() => actions.copy(item)}>
          Copy
        </button>
        <span className="copied" role="status" title={copied ? `The clipboard is cleared in ${copied.seconds} s if it still holds the key.` : undefined}>
          {copied ? 'Copied' : ''}
        </span>
      </span>
      <FavouriteStar item={item} describedBy={nameId} scope={actions.scope} tabIndex={tab} onToggle={() => actions.toggleFavourite(item)} />
      {value !== null && (
        <code className="revealed" aria-label="Key value">
          {value}
        </code>
      )}
      {actions.confirming === item.id && <RevokedCopy onCopy={settle(() => actions.copy(item, true))} onCancel={settle(actions.cancelCopy)} />}
      <ErrorLine at={rowAt(item, actions.scope)} />
    </div>
  );
}
