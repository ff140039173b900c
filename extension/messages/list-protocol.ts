/**
 * The key list as pages ask for it: which vault, what search and filters, and which slice. The worker
 * holds every row (from the summary index) and answers with the slice, so a page never receives or
 * renders 10 000 rows to show twenty.
 */
import { z } from 'zod';
import { HOST_PATTERN } from '../sites/host-name.js';
import { HEALTH_FILTERS, LIST_SORTS } from './list-orders.js';
import type { ItemSummary } from './protocol.js';

export { HEALTH_FILTERS, LIST_SORTS, type ListSort } from './list-orders.js';


export const listFiltersSchema = z.strictObject({
  environment: z.string().max(50).default(''),
  status: z.enum(['', 'active', 'revoked']).default(''),
  health: z.enum(HEALTH_FILTERS).default(''),
});
export type ListFilters = z.output<typeof listFiltersSchema>;


export const listRequestSchema = z.strictObject({
  type: z.literal('list'),
  /** The vault shown; '' for all of them. */
  vault: z.string().max(200).default(''),
  query: z.string().max(200).default(''),
  filters: listFiltersSchema.default({ environment: '', status: '', health: '' }),
  /** Name (natural order), most recently changed first, by provider (then name), or soonest expiry first (keys without one last). Favourites come first in each. */
  sort: z.enum(LIST_SORTS).default('name'),
  /**
   * The host of the site in the tab the popup was opened over ('' for none): its keys also come first, in
   * `site` (list-rows.ts). A host name only, never an address: what is matched is the host.
   */
  site: z.union([z.literal(''), z.string().max(253).regex(HOST_PATTERN, 'a host name such as platform.openai.com')]).default(''),
  /**
   * The tab the popup was opened over, instead of `site`: the worker finds which site it shows (sites/tab-site.ts)
   * while it makes the rows, so the popup's first list and its "For this site" come in one round trip.
   */
  tab: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Rows wanted from `offset`; absent: all of them (the overview counts every key). */
  limit: z.number().int().min(1).max(1_000_000).optional(),
});
export type ListQuery = z.output<typeof listRequestSchema>;

export interface ListAnswer {
  /** The slice asked for, in the order asked for (by name unless told; under "Needs attention" by name means worst first). */
  items: ItemSummary[];
  offset: number;
  /** Rows matching the search and filters. */
  total: number;
  /** Keys in the vault shown (or in all vaults), before search and filters. */
  inScope: number;
  /** The environments of the keys in scope, for the filter menu. */
  environments: string[];
  /** Items in any vault that could not be decrypted. */
  unreadable: number;
  /**
   * The keys of the site asked about, among the rows the search box and filters leave, in the list's
   * order; only with the first page and while nothing is typed in the search box (then the results are
   * the list), and empty when none belongs to the site.
   */
  site: { items: ItemSummary[]; total: number };
  /** The host `site` is for: the one asked, or the one found from `tab` ('' for none). */
  siteHost: string;
}

/**
 * Starring a key: this browser's own preference, kept in its profile and never in the item (a teammate's
 * star must not reorder my list); see favourites.ts in the background.
 */
export const favouriteRequests = [
  z.strictObject({ type: z.literal('favourite'), vaultId: z.string().min(1).max(200), itemId: z.string().min(1).max(200), on: z.boolean() }),
] as const;

export interface FavouriteAnswers {
  favourite: { favourite: boolean };
}
