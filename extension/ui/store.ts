/** UI state that outlives a screen (zustand). Nothing secret lives here except a value the user revealed. */
import { create } from 'zustand';
import type { ItemSummary, Phase, StateAnswer, SyncState } from '../messages/protocol.js';
import { ask, BackgroundRefusal } from './client.js';

type Screen = { name: 'list' } | { name: 'add' } | { name: 'item'; itemId: string; revealed: string | null };

interface UiState {
  phase: Phase | 'loading';
  screen: Screen;
  items: ItemSummary[];
  unreadable: number;
  query: string;
  error: string | null;
  busy: boolean;
  sync: SyncState;
  pending: number;
  revision: number;
  load(): Promise<void>;
  /** Polls the background while the popup is open: sync state, and a fresh list when a sync brought changes. */
  poll(): Promise<void>;
  createLocal(password: string): Promise<void>;
  signup(server: string, email: string, password: string): Promise<void>;
  login(server: string, email: string, password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  lock(): Promise<void>;
  add(input: { name: string; value: string; provider: string; environment: string }): Promise<void>;
  reveal(itemId: string): Promise<void>;
  show(screen: Screen): void;
  setQuery(query: string): void;
}

export const useUi = create<UiState>((set, get) => {
  /** Runs a request with a busy flag; a refusal becomes the message on screen. */
  async function attempt(work: () => Promise<void>): Promise<void> {
    set({ busy: true, error: null });
    try {
      await work();
    } catch (error) {
      set({ error: error instanceof BackgroundRefusal ? error.message : 'Something went wrong; try again.' });
    } finally {
      set({ busy: false });
    }
  }
  const refreshList = async () => {
    const { items, unreadable } = await ask({ type: 'list' });
    set({ items, unreadable });
  };
  const enter = async ({ phase, sync, pending, revision }: StateAnswer) => {
    set({ phase, screen: { name: 'list' }, sync, pending, revision });
    if (phase === 'unlocked') await refreshList();
  };

  return {
    phase: 'loading',
    screen: { name: 'list' },
    items: [],
    unreadable: 0,
    query: '',
    error: null,
    busy: false,
    sync: { state: 'local' },
    pending: 0,
    revision: 0,
    load: () => attempt(async () => enter(await ask({ type: 'state' }))),
    poll: async () => {
      const state = await ask({ type: 'state' }).catch(() => null);
      if (!state || state.phase !== get().phase) return;
      const changed = state.revision !== get().revision;
      set({ sync: state.sync, pending: state.pending, revision: state.revision });
      if (changed && state.phase === 'unlocked') await refreshList().catch(() => undefined);
    },
    createLocal: (password) => attempt(async () => enter(await ask({ type: 'create-local', password }))),
    signup: (server, email, password) => attempt(async () => enter(await ask({ type: 'signup', server, email, password }))),
    login: (server, email, password) => attempt(async () => enter(await ask({ type: 'login', server, email, password }))),
    unlock: (password) => attempt(async () => enter(await ask({ type: 'unlock', password }))),
    lock: () =>
      attempt(async () => {
        // Drop what the popup holds before the background drops the keys.
        set({ items: [], screen: { name: 'list' }, query: '' });
        await enter(await ask({ type: 'lock' }));
      }),
    add: (input) =>
      attempt(async () => {
        await ask({ type: 'add', ...input });
        await refreshList();
        set({ screen: { name: 'list' } });
      }),
    reveal: (itemId) =>
      attempt(async () => {
        const { value } = await ask({ type: 'reveal', itemId });
        const screen = get().screen;
        if (screen.name === 'item' && screen.itemId === itemId) set({ screen: { ...screen, revealed: value } });
      }),
    show: (screen) => set({ screen, error: null }),
    setQuery: (query) => set({ query }),
  };
});
