/** Monitoring, logging, error tracking and analytics. */
import type { CatalogueEntry } from './entry.js';

export const OBSERVABILITY: readonly CatalogueEntry[] = [
];
