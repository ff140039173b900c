/**
 * UI state that outlives a screen (zustand): the phase, the current screen, the list and its filters,
 * the sync state, and the last error or notice. Nothing secret lives here; a revealed value lives in the
 * state of the screen that shows it (the key's page, the list's rows) and goes with it.
 */
import { create } from 'zustand';
import type { IntegrityWarning, ItemSummary, Phase, Progress, RevokedInfo, StateAnswer, SyncState, VaultInfo } from '../messages/protocol.js';
import type { ListAnswer, ListFilters, ListSort } from '../messages/list-protocol.js';
import { activeTab } from './active-site.js';
import { ask, BackgroundRefusal } from './client.js';
import { rememberedSort, rememberSort } from './remembered-sort.js';

export type Screen =
  | { name: 'list' }
  /** `take`: the token of text kept from "Save selection to KeyHaven", for the form to fill in (once). */
  | { name: 'add'; take?: string }
  | { name: 'item'; vaultId: string; itemId: string }
  | { name: 'vaults' }
  | { name: 'members'; vaultId: string }
  | { name: 'tokens'; vaultId: string }
  | { name: 'audit' }
  | { name: 'devices' }
  /** `section: 'sync'`: opened to connect a sync server (from Devices), that form in view and focused. */
  | { name: 'settings'; section?: 'sync' }
  | { name: 'transfer' }
  | { name: 'dashboard' }
  | { name: 'trash' };

export type Filters = ListFilters;

/** Rows asked for at a time: the first screen and well past it; the rest as the list is scrolled. */
export const PAGE_ROWS = 200;

/** A short message at the bottom of the screen, with an optional action (Undo). */
export interface Notice {
  text: string;
  action?: { label: string; run: () => Promise<void> };
}

interface UiState {
  phase: Phase | 'loading';
  screen: Screen;
  /** Where the page opens, and returns after a lock: the list in the popup, the overview in the tab. */
  home: Screen;
  /** The rows of the list as searched and filtered, from the first: the worker sends them a page at a time. */
  items: ItemSummary[];
  /** Rows matching the search and filters (items holds the first of them). */
  total: number;
  /** Keys in the vault shown, before search and filters. */
  inScope: number;
  environments: string[];
  unreadable: number;
  /** The host of the tab the popup was opened over ('' for none), and its keys among the rows shown. */
  site: string;
  siteRows: ListAnswer['site'];
  /** False until the first rows arrived: "no keys" is said only once that is known. */
  listed: boolean;
  /** Where the list was scrolled when a key was opened, and that key's id: focus goes back to its row. */
  listScroll: number;
  listFocus: string;
  keepListScroll(y: number, itemId?: string): void;
  vaults: VaultInfo[];
  /** The vault the list shows; '' for all of them. */
  vault: string;
  query: string;
  filters: Filters;
  /** The list's order, applied by the worker (list-rows.ts); remembered for the session. */
  sort: ListSort;
  error: string | null;
  notice: Notice | null;
  busy: boolean;
  sync: SyncState;
  warnings: IntegrityWarning[];
  /** Invitations waiting for this account (a count on the Vaults tab). */
  invitations: number;
  /** Why this browser is locked out, in the `revoked` phase. */
  revoked: RevokedInfo | null;
  pending: number;
  revision: number;
  server: string | null;
  kdfIterations: number | null;
  progress: Progress | null;
  /** `popup`: opened over a tab, whose site's keys come first. */
  load(popup?: boolean): Promise<void>;
  /** Polls the background while a page is open: sync state, and a fresh list when a sync brought changes. */
  poll(): Promise<void>;
  /** Runs a request with the busy flag; a refusal becomes the message on screen. Resolves true on success. */
  run(work: () => Promise<void>, at?: string): Promise<boolean>;
  /** Which form the last error belongs to (shown there, beside what caused it); undefined: the screen's. */
  errorAt: string | undefined;
  /** `first`: the vaults and first rows already asked for beside the state (the popup's first open). */
  enter(state: StateAnswer, first?: Promise<FirstList>): Promise<void>;
  refreshList(first?: Promise<FirstList>): Promise<void>;
  /** Asks for the list again with the current vault, search and filters, from its first row. */
  refreshRows(): Promise<void>;
  /** Asks for the next page of rows, when the list is scrolled towards the end of what it has. */
  moreRows(): Promise<void>;
  lock(): Promise<void>;
  show(screen: Screen): void;
  setQuery(query: string): void;
  setVault(vault: string): void;
  setFilters(filters: Partial<Filters>): void;
  setSort(sort: ListSort): void;
  say(notice: Notice | null): void;
}

/**
 * The tab the popup was opened over, until a list answered which site it shows: asked with the first list
 * (list-protocol.ts `tab`), or with the first one after unlocking when the popup opened locked.
 */
let siteTab: number | undefined;

async function firstRows({ vault, query, filters, sort, site }: Pick<UiState, 'vault' | 'query' | 'filters' | 'sort' | 'site'>): Promise<ListAnswer> {
  const tab = siteTab;
  const answer = await ask({ type: 'list', vault, query, filters, sort, ...(tab === undefined ? { site } : { tab }), offset: 0, limit: PAGE_ROWS });
  if (tab !== undefined && siteTab === tab) siteTab = undefined;
  return answer;
}

/** What the list shows first: the vaults and the first rows, asked together. */
type FirstList = [{ vaults: VaultInfo[] }, ListAnswer];

const askFirstList = (state: UiState): Promise<FirstList> => Promise.all([ask({ type: 'vaults' }), firstRows(state)]);

function rowsFrom(answer: ListAnswer): Partial<UiState> {
  return { items: answer.items, total: answer.total, inScope: answer.inScope, environments: answer.environments, unreadable: answer.unreadable, site: answer.siteHost, siteRows: answer.site, listed: true };
}

const NO_SITE_ROWS: ListAnswer['site'] = { items: [], total: 0 };

/** Counts list requests, so the answer to an older search never replaces a newer one's. */
let listSerial = 0;
let loadingMore = false;

export const useUi = create<UiState>((set, get) => ({
  phase: 'loading',
  screen: { name: 'list' },
  home: { name: 'list' },
  items: [],
  total: 0,
  inScope: 0,
  environments: [],
  unreadable: 0,
  site: '',
  siteRows: NO_SITE_ROWS,
  listed: false,
  listScroll: 0,
  listFocus: '',
  vaults: [],
  vault: '',
  query: '',
  filters: { environment: '', status: '', health: '' },
  sort: 'name',
  error: null,
  errorAt: undefined,
  notice: null,
  busy: false,
  sync: { state: 'local' },
  warnings: [],
  invitations: 0,
  revoked: null,
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
  async enter({ phase, sync, pending, revision, server, kdfIterations, warnings, invitations, revoked }, first) {
    const leaving = phase !== 'unlocked';
    // Drop what the page holds as soon as the vault is not open.
    set({ phase, sync, pending, revision, server, kdfIterations, warnings, invitations, revoked, ...(leaving ? { items: [], total: 0, inScope: 0, siteRows: NO_SITE_ROWS, listed: false, listScroll: 0, listFocus: '', vaults: [], screen: get().home, query: '', notice: null } : {}) });
    if (!leaving) await get().refreshList(first);
  },
  async refreshList(first) {
    const serial = ++listSerial;
    // Rows and vaults are shown together, so the page does not shift when the second arrives.
    const [{ vaults }, answer] = await (first ?? askFirstList(get()));
    // A vault that went away (left, or removed on another device) is no longer the one shown.
    if (get().vault && !vaults.some((v) => v.id === get().vault)) return (set({ vaults, vault: '' }), get().refreshRows());
    set({ vaults });
    if (serial === listSerial) set(rowsFrom(answer));
  },
  async refreshRows() {
    const serial = ++listSerial;
    const answer = await firstRows(get());
    // A newer search or filter asked meanwhile: its answer is the one to show.
    if (serial === listSerial) set(rowsFrom(answer));
  },
  keepListScroll: (y, itemId = '') => set({ listScroll: y, listFocus: itemId }),
  async moreRows() {
    const { items, total, vault, query, filters, sort } = get();
    if (items.length >= total || loadingMore) return;
    loadingMore = true;
    const serial = listSerial;
    try {
      const answer = await ask({ type: 'list', vault, query, filters, sort, offset: items.length, limit: PAGE_ROWS });
      if (serial === listSerial && answer.offset === get().items.length) set({ items: [...get().items, ...answer.items], total: answer.total });
    } finally {
      loadingMore = false;
    }
  },
  // The remembered order and the tab first: the first list asked for is already in that order, with the tab's
  // site's section. It is asked beside the state, not after it, so an unlocked popup is usable after one round
  // trip; while locked its refusal is not wanted, and dropped.
  load: async (popup = false) =>
    void (await get().run(async () => {
      const [sort, tab] = await Promise.all([rememberedSort(), popup ? activeTab() : undefined]);
      siteTab = tab;
      set({ sort });
      const first = askFirstList(get());
      first.catch(() => undefined);
      const state = await ask({ type: 'state' });
      await get().enter(state, state.phase === 'unlocked' ? first : undefined);
    })),
  poll: async () => {
    const state = await ask({ type: 'state' }).catch(() => null);
    if (!state) return;
    if (state.phase !== get().phase) return get().enter(state); // locked elsewhere, or auto-locked
    const changed = state.revision !== get().revision;
    set({ sync: state.sync, pending: state.pending, revision: state.revision, progress: state.progress, warnings: state.warnings, invitations: state.invitations });
    if (changed && state.phase === 'unlocked') await get().refreshList().catch(() => undefined);
  },
  lock: async () => void (await get().run(async () => get().enter(await ask({ type: 'lock' })))),
  // A notice belongs to the screen it was said on: another screen starts without it (say it after show()).
  show: (screen) => set({ screen, error: null, notice: null }),
  setQuery: (query) => (set({ query }), void get().refreshRows().catch(() => undefined)),
  // Another vault has other environments: a filter on one it lacks would hide everything, unseen.
  setVault: (vault) => (set({ vault, filters: { ...get().filters, environment: '' }, listScroll: 0 }), void get().refreshRows().catch(() => undefined)),
  setFilters: (filters) => (set({ filters: { ...get().filters, ...filters } }), void get().refreshRows().catch(() => undefined)),
  setSort: (sort) => (set({ sort }), rememberSort(sort), void get().refreshRows().catch(() => undefined)),
  say: (notice) => set({ notice }),
}));

/** The vault a new key goes to: the one shown, else the default. */
export function targetVault(vaults: VaultInfo[], shown: string): VaultInfo | undefined {
  return vaults.find((v) => v.id === shown) ?? vaults.find((v) => v.default);
}

/** Whether this account may change keys in `vault`: not as a viewer. */
export const writable = (vault: VaultInfo | undefined) => Boolean(vault && vault.role !== 'viewer' && !vault.unlisted);
