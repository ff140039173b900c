/**
 * The notice after a key is added, truthful about whether the list shows it: a search, a filter or
 * another vault chosen in the switcher can hide the new key, and "Added …" over a list without it reads
 * as a lost key. Then the notice says so and offers "Show it", which clears what hides it (decision 120).
 */
import { useUi, type Notice } from './store.js';

const NO_FILTERS = { environment: '', status: '', health: '' } as const;

/** Call after the list was refreshed with the new key in it. */
export function addedNotice(item: { id: string; name: string; vaultId: string }, into: string): Notice {
  const { items, query, filters, vault } = useUi.getState();
  const added = `Added “${item.name}”${into}.`;
  if (items.some((i) => i.id === item.id)) return { text: added };
  const searched = Boolean(query.trim());
  const filtered = Boolean(filters.environment || filters.status || filters.health);
  const otherVault = Boolean(vault) && vault !== item.vaultId;
  // Not in the first rows of an unfiltered list: it is there further down, not hidden.
  if (!searched && !filtered && !otherVault) return { text: added };
  const by = [searched && 'your search', filtered && 'the filters', otherVault && 'the vault chosen above'].filter(Boolean).join(' and ');
  return {
    text: `${added} It is hidden by ${by}.`,
    action: {
      label: 'Show it',
      run: async () => {
        useUi.setState({ query: '', filters: { ...NO_FILTERS }, ...(otherVault ? { vault: item.vaultId } : {}), listScroll: 0, listFocus: item.id });
        await useUi.getState().refreshRows();
        useUi.getState().say({ text: `Showing “${item.name}”.` });
      },
    },
  };
}
