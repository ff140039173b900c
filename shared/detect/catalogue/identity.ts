/** Identity, auth and security services. */
import { b62, type CatalogueEntry } from './entry.js';

const AUTH0 = ['manage.auth0.com'];

export const IDENTITY: readonly CatalogueEntry[] = [
  // Okta: API tokens start with 00, which is too common to count without the provider's name
  { provider: 'okta', kind: 'api-token', pattern: `00[${b62}_-]{40}`, generic: 'label', label: 'okta', source: 'gitleaks: okta-access-token; trufflehog: okta', hosts: ['okta.com', 'oktapreview.com'] },
  // Auth0: an application's client id and secret are shown together
  { provider: 'authzero', kind: 'client-id', pattern: `[${b62}]{32}`, generic: 'label', label: 'auth0', pair: { group: 'auth0', role: 'id' }, source: 'trufflehog: auth0oauth', hosts: AUTH0 },
  { provider: 'authzero', kind: 'client-secret', pattern: `[${b62}_-]{64}`, generic: 'label', label: 'auth0', pair: { group: 'auth0', role: 'secret' }, source: 'trufflehog: auth0oauth', hosts: AUTH0 },
  // Password managers and encryption keys (age's bech32 checksum is not verified)
  { provider: 'onepassword', kind: 'service-account-token', pattern: `ops_eyJ[${b62}+/]{250,4000}={0,3}`, source: 'gitleaks: 1password-service-account-token', hosts: ['my.1password.com', '1password.com'] },
  { provider: 'onepassword', kind: 'secret-key', pattern: 'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}', source: 'gitleaks: 1password-secret-key', hosts: ['my.1password.com', '1password.com'] },
  { provider: 'age', kind: 'secret-key', pattern: 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', source: 'gitleaks: age-secret-key' },
  { provider: 'authress', kind: 'service-client-key', pattern: `(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_-][a-z0-9-]{10,32}\\.[${b62}+/_=-]{30,120}`, source: 'gitleaks: authress-service-client-access-key', hosts: ['authress.io'] },
  // Social and maps platforms
  { provider: 'facebook', kind: 'access-token', pattern: `EAA[MC][${b62}]{100,400}`, source: 'gitleaks: facebook-page-access-token', hosts: ['developers.facebook.com'] },
  { provider: 'twitch', kind: 'client-secret', pattern: '[a-z0-9]{30}', generic: 'label', label: 'twitch', source: 'gitleaks: twitch-api-token; trufflehog: twitch', hosts: ['dev.twitch.tv'] },
  { provider: 'mapbox', kind: 'secret-token', pattern: `sk\\.eyJ[${b62}_-]{40,300}\\.[${b62}_-]{20,40}`, source: 'trufflehog: mapbox', hosts: ['account.mapbox.com', 'console.mapbox.com'] },
  { provider: 'yandex', kind: 'api-key', pattern: `AQVN[${b62}_-]{35,38}`, source: 'gitleaks: yandex-api-key', hosts: ['console.yandex.cloud'] },
  // X (Twitter): an app's API key and secret are shown together; so are a user's access token and secret
  { provider: 'twitter', kind: 'api-key', pattern: `[${b62}]{25}`, generic: 'label', label: 'twitter', pair: { group: 'twitter', role: 'id' }, source: 'gitleaks: twitter-api-key', hosts: ['developer.x.com', 'developer.twitter.com'] },
  { provider: 'twitter', kind: 'api-secret', pattern: `[${b62}]{50}`, generic: 'label', label: 'twitter', pair: { group: 'twitter', role: 'secret' }, source: 'gitleaks: twitter-api-secret', hosts: ['developer.x.com', 'developer.twitter.com'] },
  { provider: 'twitter', kind: 'access-token', pattern: `[0-9]{15,25}-[${b62}]{20,40}`, generic: 'label', label: 'twitter', pair: { group: 'twitter-access', role: 'id' }, source: 'gitleaks: twitter-access-token', hosts: ['developer.x.com', 'developer.twitter.com'] },
  { provider: 'twitter', kind: 'access-secret', pattern: `[${b62}]{45}`, generic: 'label', label: 'twitter', pair: { group: 'twitter-access', role: 'secret' }, source: 'gitleaks: twitter-access-secret', hosts: ['developer.x.com', 'developer.twitter.com'] },
  { provider: 'facebook', kind: 'app-secret', pattern: '[a-f0-9]{32}', generic: 'label', label: 'facebook|fb[ _-]?app[ _-]?secret', source: 'gitleaks: facebook-secret', hosts: ['developers.facebook.com'] },
];
