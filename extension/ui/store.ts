/**
 * UI state that outlives a screen (zustand): the phase, the current screen, the list and its filters,
 * the sync state, and the last error or notice. Nothing secret lives here; a revealed value lives in the
 * item screen's own state and goes with it.
 */
import { create } from 'zustand';
import type { IntegrityWarning, ItemSummary, Phase, Progress, StateAnswer, SyncState, VaultInfo } from '../messages/protocol.js';
import { ask, BackgroundRefusal } from './client.js';

export type Screen =
  | { name: 'list' }
  | { name: 'add' }
  | { name: 'item'; vaultId: string; itemId: string }
  | { name: 'vaults' }
  | { name: 'members'; vaultId: string }
  | { name: 'tokens'; vaultId: string }
  | { name: 'audit' }
  | { name: 'devices' }
  | { name: 'settings' }
  | { name: 'transfer' }
  | { name: 'dashboard' };

export interface Filters {
  environment: string;
  status: '' | 'active' | 'revoked';
  health: '' | 'attention' | 'overdue' | 'expiring' | 'expired' | 'duplicate' | 'healthy';
}

/** A short message at the bottom of the screen, with an optional action (Undo). */
export interface Notice {
  text: string;
  action?: { label: string; run: () => Promise<void> };
}

interface UiState {
  phase: Phase | 'loading';
  screen: Screen;
  items: ItemSummary[];
  unreadable: number;
  vaults: VaultInfo[];
  /** The vault the list shows; '' for all of them. */
  vault: string;
  query: string;
  filters: Filters;
  error: string | null;
  notice: Notice | null;
  busy: boolean;
  sync: SyncState;
  warnings: IntegrityWarning[];
  /** Invitations waiting for this account (a count on the Vaults tab). */
  invitations: number;
  pending: number;
  revision: number;
  server: string | null;
  kdfIterations: number | null;
  progress: Progress | null;
  load(): Promise<void>;
  /** Polls the background while a page is open: sync state, and a fresh list when a sync brought changes. */
  poll(): Promise<void>;
  /** Runs a request with the busy flag; a refusal becomes the message on screen. Resolves true on success. */
  run(work: () => Promise<void>, at?: string): Promise<boolean>;
  /** Which form the last error belongs to (shown there, beside what caused it); undefined: the screen's. */
  errorAt: string | undefined;
  enter(state: StateAnswer): Promise<void>;
  refreshList(): Promise<void>;
  lock(): Promise<void>;
  show(screen: Screen): void;
  setQuery(query: string): void;
  setVault(vault: string): void;
  setFilters(filters: Partial<Filters>): void;
  say(notice: Notice | null): void;
}

export const useUi = create<UiState>((set, get) => ({
  phase: 'loading',
  screen: { name: 'list' },
  items: [],
  unreadable: 0,
  vaults: [],
  vault: '',
  query: '',
  filters: { environment: '', status: '', health: '' },
  error: null,
  errorAt: undefined,
  notice: null,
  busy: false,
  sync: { state: 'local' },
  warnings: [],
  invitations: 0,
  pending: 0,
  revision: 0,
  server: null,
  kdfIterations: null,
  progress: null,

  async run(work, at) {
    set({ busy: true, error: null, errorAt: at });
    try {
      await work();
      return true;
    } catch (error) {
      if (error instanceof BackgroundRefusal && error.code === 'locked') await get().enter(await ask({ type: 'state' }));
      set({ error: error instanceof BackgroundRefusal ? error.message : 'Something went wrong; try again.' });
      return false;
    } finally {
      set({ busy: false });
    }
  },
  async enter({ phase, sync, pending, revision, server, kdfIterations, warnings, invitations }) {
    const leaving = phase !== 'unlocked';
    // Drop what the page holds as soon as the vault is not open.
    set({ phase, sync, pending, revision, server, kdfIterations, warnings, invitations, ...(leaving ? { items: [], vaults: [], screen: { name: 'list' }, query: '', notice: null } : {}) });
    if (!leaving) await get().refreshList();
  },
  async refreshList() {
    const [{ items, unreadable }, { vaults }] = await Promise.all([ask({ type: 'list' }), ask({ type: 'vaults' })]);
    // A vault that went away (left, or removed on another device) is no longer the one shown.
    const vault = vaults.some((v) => v.id === get().vault) ? get().vault : '';
    set({ items, unreadable, vaults, vault });
  },
  load: async () => void (await get().run(async () => get().enter(await ask({ type: 'state' })))),
  poll: async () => {
    const state = await ask({ type: 'state' }).catch(() => null);
    if (!state) return;
    if (state.phase !== get().phase) return get().enter(state); // locked elsewhere, or auto-locked
    const changed = state.revision !== get().revision;
    set({ sync: state.sync, pending: state.pending, revision: state.revision, progress: state.progress, warnings: state.warnings, invitations: state.invitations });
    if (changed && state.phase === 'unlocked') await get().refreshList().catch(() => undefined);
  },
  lock: async () => void (await get().run(async () => get().enter(await ask({ type: 'lock' })))),
  show: (screen) => set({ screen, error: null }),
  setQuery: (query) => set({ query }),
  setVault: (vault) => set({ vault }),
  setFilters: (filters) => set({ filters: { ...get().filters, ...filters } }),
  say: (notice) => set({ notice }),
}));

/** The vault a new key goes to: the one shown, else the default. */
export function targetVault(vaults: VaultInfo[], shown: string): VaultInfo | undefined {
  return vaults.find((v) => v.id === shown) ?? vaults.find((v) => v.default);
}

/** Whether this account may change keys in `vault`: not as a viewer. */
export const writable = (vault: VaultInfo | undefined) => Boolean(vault && vault.role !== 'viewer' && !vault.unlisted);

/** The list as filtered by the vault switcher, the search box and the filter menus. */
export function visibleItems(items: ItemSummary[], query: string, filters: Filters, vault = ''): ItemSummary[] {
  const q = query.trim().toLowerCase();
  const shown = items.filter((i) => {
    if (vault && i.vaultId !== vault) return false;
    if (q && ![i.name, i.provider, i.environment, i.kind, ...i.tags].some((f) => f.toLowerCase().includes(q))) return false;
    if (filters.environment && i.environment !== filters.environment) return false;
    if (filters.status && i.status !== filters.status) return false;
    if (filters.health === 'healthy') return i.health.length === 0;
    if (filters.health === 'attention') return i.needsAttention;
    if (filters.health) return i.health.includes(filters.health);
    return true;
  });
  // "Needs attention" is a to-do list: the worst first.
  return filters.health === 'attention' ? shown.sort((a, b) => a.healthScore - b.healthScore) : shown;
}
