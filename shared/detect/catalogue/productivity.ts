/** Collaboration and productivity tools. */
import { b62, type CatalogueEntry } from './entry.js';

export const PRODUCTIVITY: readonly CatalogueEntry[] = [
  // Collaboration
  { provider: 'linear', kind: 'api-key', pattern: `lin_api_[${b62}]{40}`, source: 'gitleaks: linear-api-key', hosts: ['linear.app'] },
  { provider: 'notion', kind: 'integration', pattern: `ntn_[0-9]{11}[${b62}]{35}`, source: 'gitleaks: notion-api-token', hosts: ['www.notion.so'] },
  { provider: 'notion', kind: 'integration-legacy', pattern: `secret_[${b62}]{43}`, source: 'trufflehog: notion', hosts: ['www.notion.so'] },
  { provider: 'figma', kind: 'personal-access-token', pattern: `figd_[${b62}_-]{40,}`, source: 'trufflehog: figmapersonalaccesstoken', hosts: ['www.figma.com'] },
  { provider: 'atlassian', kind: 'api-token', pattern: `ATATT3[${b62}_=-]{150,250}`, source: 'gitleaks: atlassian-api-token', hosts: ['id.atlassian.com'] },
  { provider: 'asana', kind: 'personal-access-token', pattern: `[0-9]/[0-9]{16,19}/[0-9]{16,19}:[${b62}]{32}`, source: 'trufflehog: asanapersonalaccesstoken', hosts: ['app.asana.com'] },
  { provider: 'airtable', kind: 'personal-access-token', pattern: `pat[${b62}]{14}\\.[a-f0-9]{64}`, source: 'gitleaks: airtable-personnal-access-token', hosts: ['airtable.com'] },
  { provider: 'clickup', kind: 'personal-token', pattern: 'pk_[0-9]{7,9}_[0-9A-Z]{32}', source: 'trufflehog: clickuppersonaltoken', hosts: ['app.clickup.com'] },
  { provider: 'zapier', kind: 'webhook', pattern: 'https://hooks\\.zapier\\.com/hooks/catch/[0-9]{5,10}/[a-z0-9]{6,8}', source: 'trufflehog: zapierwebhook', hosts: ['zapier.com'] },
  { provider: 'typeform', kind: 'personal-token', pattern: `tfp_[${b62}_]{40,59}`, source: 'trufflehog: typeform; gitleaks: typeform-api-token', hosts: ['admin.typeform.com'] },
  { provider: 'dropbox', kind: 'access-token', pattern: `sl\\.(?:u\\.)?[${b62}_-]{130,1400}`, source: 'trufflehog: dropbox; gitleaks: dropbox-short-lived-api-token', hosts: ['www.dropbox.com'] },
  { provider: 'frameio', kind: 'developer-token', pattern: `fio-u-[${b62}_=-]{64}`, source: 'gitleaks: frameio-api-token', hosts: ['developer.frame.io'] },
  // CRM and support
  { provider: 'hubspot', kind: 'private-app-token', pattern: 'pat-(?:na|eu)[12]-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', source: 'trufflehog: hubspot_apikey', hosts: ['app.hubspot.com', 'app-eu1.hubspot.com'] },
  { provider: 'zendesk', kind: 'api-token', pattern: `[${b62}]{40}`, generic: 'label', label: 'zendesk', source: 'gitleaks: zendesk-secret-key; trufflehog: zendeskapi', hosts: ['zendesk.com'] },
  // Content platforms
  { provider: 'contentful', kind: 'personal-access-token', pattern: `CFPAT-[${b62}_-]{43}`, source: 'trufflehog: contentfulpersonalaccesstoken', hosts: ['app.contentful.com'] },
  { provider: 'sanity', kind: 'api-token', pattern: `sk[${b62}]{79}`, source: 'trufflehog: sanity', hosts: ['www.sanity.io'] },
  { provider: 'storyblok', kind: 'personal-access-token', pattern: `[${b62}]{22}tt-[0-9]{6}-[${b62}_-]{20}`, source: 'trufflehog: storyblokpersonalaccesstoken', hosts: ['app.storyblok.com'] },
];
