/** Collaboration and productivity tools. */
import { b62, type CatalogueEntry } from './entry.js';

export const PRODUCTIVITY: readonly CatalogueEntry[] = [
  // Collaboration
  { provider: 'linear', kind: 'api-key', pattern: `lin_api_[${b62}]{40}`, hosts: ['linear.app'] },
  { provider: 'notion', kind: 'integration', pattern: `ntn_[0-9]{11}[${b62}]{35}`, hosts: ['www.notion.so'] },
  { provider: 'notion', kind: 'integration-legacy', pattern: `secret_[${b62}]{43}`, hosts: ['www.notion.so'] },
  { provider: 'figma', kind: 'personal-access-token', pattern: `figd_[${b62}_-]{40,}`, hosts: ['www.figma.com'] },
  { provider: 'atlassian', kind: 'api-token', pattern: `ATATT3[${b62}_=-]{150,250}`, hosts: ['id.atlassian.com'] },
];
