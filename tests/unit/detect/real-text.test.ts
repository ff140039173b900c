/**
 * What a hostile review found running the detector over real text (node_modules, /usr/share, a
 * platform's environment): ids named after a provider, identifiers after label words, generic label
 * phrases naming the wrong provider, partners that were hashes. Each is refused here, beside the
 * labelled keys that must still be found.
 */
import { describe, expect, it } from 'vitest';
import { detectKeys } from '../../../shared/index.js';
import { SECRET_FIELD } from '../../../shared/detect/labels.js';
import { B62, fakeKey, HEX, randomChars } from '../../support/fake-keys.js';
import { CATALOGUE } from '../../../shared/index.js';

const found = (text: string) => detectKeys(text).map((d) => `${d.provider} ${d.kind}`);
const uuid = () => crypto.randomUUID();

describe('names of things are not secrets', () => {
  it('a platform\'s ids in its environment are not its keys, even beside a token', () => {
    const env = [
      `GITHUB_TOKEN=${fakeKey(CATALOGUE.find((e) => e.provider === 'github' && e.kind === 'classic-pat')!)}`,
      `RAILWAY_PROJECT_ID=${uuid()}`,
      `RAILWAY_SERVICE_ID=${uuid()}`,
      `HEROKU_APP_ID=${uuid()}`,
      `HEROKU_DYNO_ID=${uuid()}`,
      `SNYK_ORG_ID=${uuid()}`,
    ].join('\n');
    expect(found(env)).toEqual(['github classic-pat']);
  });

  it('"<provider> <thing> id" in prose or logs is not that provider\'s key', () => {
    for (const text of [
      `datadog trace id: ${randomChars(HEX, 32)}`,
      `Twilio message SID: ${randomChars(HEX, 32)}`,
      `gitea commit id: ${randomChars(HEX, 40)}`,
      `auth0 user id: ${randomChars(B62, 24)}`,
      `Password reset request id: ${randomChars(B62, 32)}`,
      `token_type=bearer; session id: ${randomChars(B62, 32)}`,
    ]) expect(found(text), text).toEqual([]);
  });

  it('identifiers after label words in code are not keys', () => {
    for (const text of [
      'if (questionToken || isJSDocNullableTypeSomething) return;',
      'const lastSignificantToken = "NonExpressionStatementKind";',
      'httpCredentials: toHttpCredentialsFromOptions(options)',
      'password: "correcthorsebatterystaple"',
    ]) expect(found(text), text).toEqual([]);
  });
});

describe('labels name the provider they are about', () => {
  it('a generic phrase (app secret, license key, admin key, key secret) does not name another provider', () => {
    expect(found(`WECHAT_APP_SECRET=${randomChars(HEX, 32)}`)).toEqual(['unknown api-key']);
    expect(found(`SENTRY_LICENSE_KEY=${randomChars(HEX, 40)}`)).toEqual([]);
    expect(found(`MEILI_ADMIN_KEY=${randomChars(HEX, 32)}`)).toEqual([]);
    expect(found(`PUSHER_KEY_SECRET=${randomChars(B62, 32)}`)).toEqual(['unknown api-key']);
  });

  it('still finds keys their names or labels vouch for', () => {
    expect(found(`DATADOG_API_KEY=${randomChars(HEX, 32)}`)).toEqual(['datadog api-key']);
    expect(found(`ALGOLIA_ADMIN_KEY=${randomChars(HEX, 32)}`)).toEqual(['algolia admin-api-key']);
    expect(found(`{"datadog": {"appKey": "${randomChars(HEX, 40)}"}}`)).toEqual(['datadog application-key']);
    expect(found(`PLAID_CLIENT_ID=${randomChars(HEX, 24)}\nPLAID_SECRET=${randomChars(HEX, 30)}\n`)).toEqual(['plaid client-id', 'plaid secret']);
  });
});

describe('a pair\'s other half is a secret, not a hash beside it', () => {
  it('an ETag or a digest next to an id is not its secret', () => {
    const id = fakeKey(CATALOGUE.find((e) => e.provider === 'aws' && e.kind === 'access-key-id')!);
    expect(found(`{"AccessKeyId":"${id}","ETag":"${randomChars(B62, 38)}aZ"}`)).toEqual(['aws access-key-id']);
    expect(found(`sender AC${randomChars(HEX, 32)}, etag ${randomChars(HEX, 32)}`)).toEqual(['twilio account-sid']);
  });
});

describe('fields that want a key', () => {
  it('are those whose label ends on a secret word, not those naming something about one', () => {
    for (const label of ['API key', 'apiKey', 'OPENAI_API_KEY', 'Auth token', 'Password', 'Secret access key', 'Client secret']) expect(SECRET_FIELD.test(label), label).toBe(true);
    for (const label of ['tokenName', 'nextPageToken', 'maxTokens', 'Secret question', 'API key name', 'Token expiry', 'passwordHint', 'tokenEndpoint', 'secretsManagerArn', 'Customer ID']) expect(SECRET_FIELD.test(label), label).toBe(false);
  });
});
