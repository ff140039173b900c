/** Identity, auth and security services. */
import type { CatalogueEntry } from './entry.js';

export const IDENTITY: readonly CatalogueEntry[] = [
];
