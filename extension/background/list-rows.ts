/**
 * Every vault's key rows, made from the summary index and kept until an index or a roster moves (or a
 * minute passes: health moves with time), then sliced per request: a page asks for the twenty rows it
 * shows, and searching 10 000 keys is a filter over rows already made.
 */
import { compareNames } from '../../shared/index.js';
import type { ListAnswer, ListFilters, ListQuery, ListSort } from '../messages/list-protocol.js';
import type { ItemSummary } from '../messages/protocol.js';
import { siteMatcher } from '../sites/site-keys.js';
import type { ItemActions } from './item-actions.js';

const ROWS_TTL_MS = 60_000;

/** How a starred key is named in this browser's favourites (favourites.ts): ids only. */
export const favouriteKey = (item: { vaultId: string; id: string }): string => `${item.vaultId}/${item.id}`;
/** Rows of "For this site" sent at most: a section above the list, not a second list (the rest are below). */
export const SITE_ROWS = 20;

export interface AllRows {
  items: ItemSummary[];
  unreadable: number;
  /** The favouriteKey of every key in a Trash: not listed, but not gone either (a star outlives a restore). */
  trashed: ReadonlySet<string>;
}

/** What was made last, and from which index versions and rosters. */
export class RowCache {
  key = '';
  at = 0;
  value: AllRows | null = null;
}

export async function allRows(actions: readonly ItemActions[], cache: RowCache, now = Date.now()): Promise<AllRows> {
  const summaries = await Promise.all(actions.map((a) => a.indexed()));
  const key = actions.map((a) => a.listKey()).join('|');
  if (cache.value && cache.key === key && now - cache.at < ROWS_TTL_MS) return cache.value;
  const at = new Date(now);
  const items = actions.flatMap((a, i) => a.rows(summaries[i]!.items, at)).sort((a, b) => compareNames(a.name, b.name));
  const trashed = new Set(actions.flatMap((a, i) => a.trashedKeys(summaries[i]!)));
  const value = { items, unreadable: summaries.reduce((n, s) => n + s.unreadable, 0), trashed };
  Object.assign(cache, { key, at: now, value });
  return value;
}

export function queryRows(all: AllRows, query: ListQuery, favourites: ReadonlySet<string> = NO_FAVOURITES): ListAnswer {
  const rows = sortedRows(all, query.sort, favourites);
  const scope = query.vault ? rows.filter((i) => i.vaultId === query.vault) : rows;
  const matching = matchingRows(scope, query.query, query.filters, query.sort);
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  const starred = (items: ItemSummary[]) => (favourites.size ? items.map((i) => (favourites.has(favouriteKey(i)) ? { ...i, favourite: true } : i)) : items);
  const site = query.offset === 0 && !query.query.trim() ? siteRows(matching, query.site) : { items: [], total: 0 };
  return {
    items: starred(matching.slice(query.offset, end)),
    offset: query.offset,
    total: matching.length,
    inScope: scope.length,
    environments: [...new Set(scope.map((i) => i.environment).filter(Boolean))].sort(compareNames),
    unreadable: all.unreadable,
    site: { items: starred(site.items), total: site.total },
    siteHost: query.site,
  };
}

/**
 * The keys of `site` among the rows the list shows, in its order. Asked with the first page only (the
 * later pages of a long list do not repeat it), and not while a search is typed: then the results are
 * what the person is looking for, and a section above them would push them down.
 */
function siteRows(rows: readonly ItemSummary[], site: string): ListAnswer['site'] {
  const belongs = siteMatcher(site);
  if (!belongs) return { items: [], total: 0 };
  const found = rows.filter(belongs);
  return { items: found.slice(0, SITE_ROWS), total: found.length };
}

/**
 * Every row in `sort`'s order, favourites first, made once per set of rows and stars: a page asks again
 * for each slice it scrolls to, and sorting 10 000 rows for every slice would cost more than the filter
 * does. Each order is a stable sort of the rows by name, so rows that tie (same provider, same time, both
 * starred) stay in natural name order.
 */
const orders = new WeakMap<AllRows, Map<ListSort, { favourites: ReadonlySet<string>; rows: ItemSummary[] }>>();
const NO_FAVOURITES: ReadonlySet<string> = new Set();

export function sortedRows(all: AllRows, sort: ListSort, favourites: ReadonlySet<string> = NO_FAVOURITES): ItemSummary[] {
  if (sort === 'name' && favourites.size === 0) return all.items;
  const made = orders.get(all) ?? new Map<ListSort, { favourites: ReadonlySet<string>; rows: ItemSummary[] }>();
  orders.set(all, made);
  const known = made.get(sort);
  if (known?.favourites === favourites) return known.rows;
  const rows = favouritesFirst(SORTS[sort](all.items), favourites);
  made.set(sort, { favourites, rows });
  return rows;
}

const SORTS: Record<ListSort, (rows: readonly ItemSummary[]) => ItemSummary[]> = {
  name: (rows) => [...rows],
  changed: byRecentChange,
  provider: byProvider,
  expiring: bySoonestExpiry,
};

/** Starred rows first, each part in the order it had. */
function favouritesFirst(rows: ItemSummary[], favourites: ReadonlySet<string>): ItemSummary[] {
  if (favourites.size === 0) return rows;
  const starred: ItemSummary[] = [];
  const rest: ItemSummary[] = [];
  for (const row of rows) (favourites.has(favouriteKey(row)) ? starred : rest).push(row);
  return starred.length ? [...starred, ...rest] : rows;
}

/** The soonest expiry first (an expired key is the soonest of all), keys that never expire last. */
function bySoonestExpiry(rows: readonly ItemSummary[]): ItemSummary[] {
  const time = new Map(rows.map((r) => [r, r.expiresAt ? Date.parse(r.expiresAt) || Infinity : Infinity]));
  return [...rows].sort((a, b) => {
    const [x, y] = [time.get(a)!, time.get(b)!];
    return x === y ? 0 : x < y ? -1 : 1;
  });
}

/** Newest change first; the times are read once, not in every comparison. */
function byRecentChange(rows: readonly ItemSummary[]): ItemSummary[] {
  const time = new Map(rows.map((r) => [r, Date.parse(r.updatedAt) || 0]));
  return [...rows].sort((a, b) => time.get(b)! - time.get(a)!);
}

/** Providers in natural order, keys without one last (an empty name would otherwise come first). */
function byProvider(rows: readonly ItemSummary[]): ItemSummary[] {
  return [...rows].sort((a, b) => (a.provider ? 0 : 1) - (b.provider ? 0 : 1) || compareNames(a.provider, b.provider));
}

/** The rows a search box and the filter menus leave: words in a name, provider, environment, kind or tag. */
export function matchingRows(rows: readonly ItemSummary[], query: string, filters: ListFilters, sort: ListSort = 'name'): ItemSummary[] {
  const q = query.trim().toLowerCase();
  const shown = rows.filter((i) => {
    if (q && ![i.name, i.provider, i.environment, i.kind, ...i.tags].some((f) => f.toLowerCase().includes(q))) return false;
    if (filters.environment && i.environment !== filters.environment) return false;
    if (filters.status && i.status !== filters.status) return false;
    if (filters.health === 'healthy') return i.health.length === 0;
    if (filters.health === 'attention') return i.needsAttention;
    if (filters.health) return i.health.includes(filters.health);
    return true;
  });
  // "Needs attention" is a to-do list: worst first, unless the person chose another order than the default.
  return filters.health === 'attention' && sort === 'name' ? shown.sort((a, b) => a.healthScore - b.healthScore) : shown;
}
