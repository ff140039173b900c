/**
 * The star of a key: a toggle button named "Favourite", pressed or not (aria-pressed), and described by
 * the key's name like the row's Reveal and Copy. The name stays the same as the state changes (a toggle's
 * name says what it is, its state says whether it is on: WAI-ARIA APG) and does not hold the key's name:
 * "Add OpenAI prod to favourites" would also answer to "Add key", "OpenAI prod" and every search for the
 * key's row by its name. The tooltip says what a click does. The outline or fill repeats the state.
 */
import type { ItemSummary } from '../../messages/protocol.js';
import { favouriteLabel } from '../favourites.js';

const STAR = 'M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z';

interface StarProps {
  item: Pick<ItemSummary, 'name' | 'favourite' | 'vaultId' | 'id'>;
  /** The element holding the key's name (the row's name, the page's heading). */
  describedBy: string;
  onToggle(): void;
  tabIndex?: number;
  /** Tells this star apart from the same key's in another list on the page ("For this site" and the list). */
  scope?: string;
}

export function FavouriteStar({ item, describedBy, onToggle, tabIndex, scope = '' }: StarProps) {
  const on = item.favourite === true;
  return (
    <button type="button" className={`ghost star${on ? ' on' : ''}`} aria-pressed={on} aria-label="Favourite" aria-describedby={describedBy} title={favouriteLabel(item)} tabIndex={tabIndex} data-star={`${scope}${item.vaultId}/${item.id}`} onClick={onToggle}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={STAR} />
      </svg>
    </button>
  );
}

/** After the list moved, the star of `item` in `scope`'s list takes focus again (its row is elsewhere now). */
export function focusStar(item: Pick<ItemSummary, 'vaultId' | 'id'>, scope = ''): void {
  document.querySelector<HTMLButtonElement>(`[data-star="${CSS.escape(`${scope}${item.vaultId}/${item.id}`)}"]`)?.focus();
}
