/**
 * Starring a key from its row or its page. A star is this browser's own (background/favourites.ts);
 * starring moves the row to the top of the list, so focus follows the star to where its row now is.
 */
import type { ItemSummary } from '../messages/protocol.js';
import { ask } from './client.js';
import { useUi } from './store.js';

export const favouriteLabel = (item: Pick<ItemSummary, 'name' | 'favourite'>): string =>
  item.favourite ? `Remove ${item.name} from favourites` : `Add ${item.name} to favourites`;

/** Stars or unstars, lists again, and returns the new state (null when refused: the error shows at `at`). */
export function useToggleFavourite(): (item: ItemSummary, at?: string) => Promise<boolean | null> {
  const run = useUi((s) => s.run);
  const refreshRows = useUi((s) => s.refreshRows);
  return async (item, at) => {
    let now: boolean | null = null;
    await run(async () => {
      now = (await ask({ type: 'favourite', vaultId: item.vaultId, itemId: item.id, on: !item.favourite })).favourite;
      await refreshRows();
    }, at);
    return now;
  };
}
