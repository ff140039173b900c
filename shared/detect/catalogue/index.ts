/**
 * The catalogue: every provider's key shapes, one file per field (see entry.ts for what an entry says).
 * Order matters only as a tie-break between equally strong overlapping matches: earlier wins.
 */
import { CODE } from './code.js';
import { AI } from './ai.js';
import { PAYMENTS } from './payments.js';
import { CLOUD } from './cloud.js';
import { MESSAGING } from './messaging.js';
import { PRODUCTIVITY } from './productivity.js';
import { OBSERVABILITY } from './observability.js';
import { DATABASES } from './databases.js';
import { IDENTITY } from './identity.js';
import type { CatalogueEntry } from './entry.js';

export type { CatalogueEntry, Checksum } from './entry.js';
export { onEntryHost } from './entry.js';
export { keyPhrase, kindWords, PROVIDER_NAMES, providerName } from './names.js';

export const CATALOGUE: readonly CatalogueEntry[] = [
  ...CODE,
  ...AI,
  ...PAYMENTS,
  ...CLOUD,
  ...MESSAGING,
  ...PRODUCTIVITY,
  ...OBSERVABILITY,
  ...DATABASES,
  ...IDENTITY,
];
