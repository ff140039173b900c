/** Monitoring, logging, error tracking and analytics. */
import type { CatalogueEntry } from './entry.js';

export const OBSERVABILITY: readonly CatalogueEntry[] = [
  // Datadog
  { provider: 'datadog', kind: 'api-key', pattern: '[0-9a-f]{32}', generic: 'label', hosts: ['app.datadoghq.com', 'app.datadoghq.eu'] },
  { provider: 'datadog', kind: 'application-key', pattern: '[0-9a-f]{40}', generic: 'label', hosts: ['app.datadoghq.com', 'app.datadoghq.eu'] },
];
