/** Databases and data platforms. */
import { b62, type CatalogueEntry } from './entry.js';

const PLANETSCALE = ['app.planetscale.com'];

export const DATABASES: readonly CatalogueEntry[] = [
  // PlanetScale
  { provider: 'planetscale', kind: 'service-token', pattern: `pscale_tkn_[${b62}_]{32,64}`, source: 'gitleaks: planetscale-api-token; trufflehog: planetscale', hosts: PLANETSCALE },
  { provider: 'planetscale', kind: 'password', pattern: `pscale_pw_[${b62}_]{32,64}`, source: 'gitleaks: planetscale-password; trufflehog: planetscaledb', hosts: PLANETSCALE },
  { provider: 'planetscale', kind: 'oauth-token', pattern: `pscale_oauth_[${b62}_]{32,64}`, source: 'gitleaks: planetscale-oauth-token', hosts: PLANETSCALE },
  // Serverless Postgres and analytics databases
  { provider: 'neon', kind: 'api-key', pattern: `napi_[${b62}]{64}`, source: 'https://neon.com/docs/changelog/2025-01-31 (napi_ prefix); betterleaks: neon-api-key (64 base62)', hosts: ['console.neon.tech'] },
  { provider: 'clickhouse', kind: 'cloud-api-secret', pattern: `4b1d[${b62}]{38}`, source: 'gitleaks: clickhouse-cloud-api-secret-key', hosts: ['clickhouse.cloud'] },
  // Data platforms
  { provider: 'databricks', kind: 'access-token', pattern: 'dapi[a-f0-9]{32}(?:-[0-9])?', source: 'gitleaks: databricks-api-token; trufflehog: databrickstoken', hosts: ['cloud.databricks.com', 'azuredatabricks.net', 'gcp.databricks.com'] },
  { provider: 'confluent', kind: 'api-secret', pattern: `[${b62}+/]{64}`, generic: 'label', label: 'confluent', source: 'trufflehog: confluent; gitleaks: confluent-secret-key', hosts: ['confluent.cloud'] },
  // Search: the admin key is plain hex (the 10-character application id is too short to scan for)
  { provider: 'algolia', kind: 'admin-api-key', pattern: '[a-f0-9]{32}', generic: 'label', label: 'algolia', source: 'gitleaks: algolia-api-key; trufflehog: algoliaadminkey', hosts: ['dashboard.algolia.com'] },
];
