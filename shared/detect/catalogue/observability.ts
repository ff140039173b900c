/** Monitoring, logging, error tracking and analytics. */
import { b62, type CatalogueEntry } from './entry.js';

const DATADOG = ['app.datadoghq.com', 'app.datadoghq.eu', 'us3.datadoghq.com', 'us5.datadoghq.com', 'ap1.datadoghq.com', 'app.ddog-gov.com'];
const DATADOG_DOCS = 'https://docs.datadoghq.com/account_management/api-app-keys/';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const OBSERVABILITY: readonly CatalogueEntry[] = [
  // Datadog: neither key has a prefix; the dashboard and env files call them "API key" and "Application key" (DD_API_KEY, DD_APP_KEY)
  { provider: 'datadog', kind: 'api-key', pattern: '[0-9a-z]{32}', generic: 'label', label: 'datadog|dd[ _-]?api[ _-]?key', source: `${DATADOG_DOCS}; trufflehog: datadogapikey; kingfisher: kingfisher.datadog.1`, hosts: DATADOG },
  { provider: 'datadog', kind: 'application-key', pattern: '[0-9a-z]{40}', generic: 'label', label: 'datadog|dd[ _-]?app(?:lication)?[ _-]?key', source: `${DATADOG_DOCS}; gitleaks: datadog-access-token; kingfisher: kingfisher.datadog.2`, hosts: DATADOG },
  { provider: 'datadog', kind: 'client-token', pattern: 'pub[0-9a-f]{32}', source: `${DATADOG_DOCS}#client-tokens`, hosts: DATADOG },
  // New Relic
  { provider: 'newrelic', kind: 'user-api-key', pattern: 'NRAK-[A-Z0-9]{27}', source: 'trufflehog: newrelicuserkey; gitleaks: new-relic-user-api-key', hosts: ['one.newrelic.com', 'one.eu.newrelic.com'] },
  { provider: 'newrelic', kind: 'insert-key', pattern: `NRII-[${b62}_-]{25,32}`, source: 'trufflehog: newrelicinsightsinsertkey; gitleaks: new-relic-insert-key', hosts: ['one.newrelic.com', 'one.eu.newrelic.com'] },
  { provider: 'newrelic', kind: 'browser-key', pattern: 'NRJS-[a-f0-9]{19}', source: 'gitleaks: new-relic-browser-api-token', hosts: ['one.newrelic.com', 'one.eu.newrelic.com'] },
  { provider: 'newrelic', kind: 'license-key', pattern: '(?:[0-9a-f]{32}|eu01xx[0-9a-f]{26})FFFFNRAL', source: 'trufflehog: newreliclicensekey', hosts: ['one.newrelic.com', 'one.eu.newrelic.com'] },
  // Error tracking
  { provider: 'sentry', kind: 'user-token', pattern: 'sntryu_[a-f0-9]{64}', source: 'gitleaks: sentry-user-token; trufflehog: sentrytoken', hosts: ['sentry.io'] },
  { provider: 'sentry', kind: 'org-token', pattern: `sntrys_eyJ[${b62}+/=]{60,400}_[${b62}+/]{43}`, source: 'gitleaks: sentry-org-token; trufflehog: sentryorgtoken', hosts: ['sentry.io'] },
  // Grafana
  { provider: 'grafana', kind: 'cloud-token', pattern: `glc_[${b62}+/]{32,400}={0,3}`, source: 'gitleaks: grafana-cloud-api-token', hosts: ['grafana.com', 'grafana.net'] },
  { provider: 'grafana', kind: 'service-account-token', pattern: `glsa_[${b62}]{32}_[A-Fa-f0-9]{8}`, source: 'gitleaks: grafana-service-account-token', hosts: ['grafana.com', 'grafana.net'] },
  { provider: 'grafana', kind: 'api-key-legacy', pattern: `eyJrIjoi[${b62}]{70,400}={0,3}`, source: 'gitleaks: grafana-api-key', hosts: ['grafana.com', 'grafana.net'] },
  // Monitoring, incidents and logs
  { provider: 'dynatrace', kind: 'api-token', pattern: 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', source: 'gitleaks: dynatrace-api-token', hosts: ['live.dynatrace.com', 'apps.dynatrace.com'] },
  { provider: 'honeycomb', kind: 'api-key', pattern: `[${b62}]{22}`, generic: 'label', label: 'honeycomb', source: 'trufflehog: honeycomb', hosts: ['ui.honeycomb.io'] },
  { provider: 'pagerduty', kind: 'api-key', pattern: `[${b62}_+-]{20}`, generic: 'label', label: 'pager[ _-]?duty', source: 'trufflehog: pagerdutyapikey', hosts: ['pagerduty.com'] },
  { provider: 'opsgenie', kind: 'api-key', pattern: UUID, generic: 'label', label: 'opsgenie', source: 'trufflehog: opsgenie', hosts: ['app.opsgenie.com'] },
  { provider: 'logzio', kind: 'api-token', pattern: UUID, generic: 'label', label: 'logz', source: 'trufflehog: logzio', hosts: ['app.logz.io'] },
  { provider: 'sumologic', kind: 'access-key', pattern: `[${b62}]{64}`, generic: 'label', label: 'sumo', source: 'gitleaks: sumologic-access-token', hosts: ['service.sumologic.com'] },
  // Product analytics and feature flags
  { provider: 'posthog', kind: 'personal-api-key', pattern: `phx_[${b62}_]{43,48}`, source: 'trufflehog: posthog', hosts: ['us.posthog.com', 'eu.posthog.com'] },
  { provider: 'posthog', kind: 'project-api-key', pattern: `phc_[${b62}]{43}`, source: 'https://posthog.com/docs/api', hosts: ['us.posthog.com', 'eu.posthog.com'] },
  { provider: 'mixpanel', kind: 'api-secret', pattern: '[0-9a-f]{32}', generic: 'label', label: 'mixpanel', source: 'trufflehog: mixpanel', hosts: ['mixpanel.com'] },
  { provider: 'amplitude', kind: 'api-key', pattern: '[0-9a-f]{32}', generic: 'label', label: 'amplitude', source: 'trufflehog: amplitudeapikey', hosts: ['app.amplitude.com'] },
  { provider: 'launchdarkly', kind: 'api-access-token', pattern: `api-${UUID}`, source: 'trufflehog: launchdarkly', hosts: ['app.launchdarkly.com'] },
  { provider: 'launchdarkly', kind: 'sdk-key', pattern: `sdk-${UUID}`, source: 'trufflehog: launchdarkly', hosts: ['app.launchdarkly.com'] },
  { provider: 'newrelic', kind: 'license-key-legacy', pattern: '[0-9a-f]{40}', generic: 'label', label: 'new[ _-]?relic|nr[ _-]?license', source: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key', hosts: ['one.newrelic.com', 'one.eu.newrelic.com'] },
];
