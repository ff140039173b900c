/**
 * The list's orders and health filters as plain values, apart from list-protocol.ts (which carries zod)
 * so that the popup's first chunk can read a remembered order without loading the schema library.
 */

export const HEALTH_FILTERS = ['', 'attention', 'overdue', 'expiring', 'expired', 'duplicate', 'healthy'] as const;

/**
 * The orders a list can be asked for. They are applied where the rows are made (the worker), not in the
 * page: the page holds only the slices it was sent, so it could not sort 10 000 rows it never received.
 */
export const LIST_SORTS = ['name', 'changed', 'provider', 'expiring'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
