/** Databases and data platforms. */
import type { CatalogueEntry } from './entry.js';

export const DATABASES: readonly CatalogueEntry[] = [
];
