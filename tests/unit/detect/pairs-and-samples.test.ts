/**
 * Key pairs in the layouts developers paste them in (env files, ~/.aws/credentials, JSON, the console's
 * CSV, YAML, shell exports, Terraform, code), found and joined; providers' documentation samples refused
 * while a fresh key of the same shape is found; hard negatives for the generic shapes pairs rely on.
 * Every secret is made at test time, except the documentation samples, which are public.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, detectKeys, pairDetections, pairedValue, type CatalogueEntry, type DetectContext, type Detection } from '../../../shared/index.js';
import { DOCUMENTATION_SAMPLES } from '../../../shared/detect/samples.js';
import { literalPrefix } from '../../../shared/detect/pattern-reading.js';
import { B62, fakeKey, HEX, randomChars } from '../../support/fake-keys.js';

const entry = (provider: string, kind: string): CatalogueEntry => {
  const found = CATALOGUE.find((e) => e.provider === provider && e.kind === kind);
  if (!found) throw new Error(`no catalogue entry ${provider} ${kind}`);
  return found;
};

/** A fresh key for a pair half, held to the detector's randomness bar (the odd random draw may fail it). */
function fresh(provider: string, kind: string): string {
  for (;;) {
    const key = fakeKey(entry(provider, kind));
    if (detectKeys(`secret ${key}`, { label: `${provider} secret`, host: entry(provider, kind).hosts?.[0] }).some((d) => d.value === key)) return key;
  }
}

interface PairCase {
  name: string;
  text: string;
  context?: DetectContext;
  id: string;
  secret: string;
  group: string;
}

const AWS_LAYOUTS: Array<[string, (id: string, secret: string) => string]> = [
  ['env file', (id, s) => `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${s}\nAWS_REGION=eu-west-1\n`],
  ['credentials ini', (id, s) => `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${s}\nregion = us-east-1\n`],
  ['create-access-key JSON', (id, s) => `{\n  "AccessKey": {\n    "UserName": "deploy",\n    "AccessKeyId": "${id}",\n    "Status": "Active",\n    "SecretAccessKey": "${s}",\n    "CreateDate": "2026-11-21T10:00:00+00:00"\n  }\n}`],
  ['console CSV', (id, s) => `Access key ID,Secret access key\n${id},${s}\n`],
  ['console CSV with user', (id, s) => `User name,Password,Access key ID,Secret access key,Console login link\ndeploy,,${id},${s},https://123456789012.signin.aws.amazon.com/console\n`],
  ['YAML', (id, s) => `aws:\n  access_key_id: ${id}\n  secret_access_key: ${s}\n  region: eu-central-1\n`],
  ['shell exports', (id, s) => `export AWS_ACCESS_KEY_ID="${id}"\nexport AWS_SECRET_ACCESS_KEY="${s}"\n`],
  ['Terraform', (id, s) => `provider "aws" {\n  region     = "us-east-1"\n  access_key = "${id}"\n  secret_key = "${s}"\n}\n`],
  ['aws configure', (id, s) => `aws configure set aws_access_key_id ${id} && aws configure set aws_secret_access_key ${s}`],
  ['boto3 call', (id, s) => `s3 = boto3.client("s3", aws_access_key_id="${id}", aws_secret_access_key="${s}")`],
  ['Java properties', (id, s) => `aws.accessKeyId=${id}\naws.secretKey=${s}\n`],
  ['docker run', (id, s) => `docker run -e AWS_ACCESS_KEY_ID=${id} -e AWS_SECRET_ACCESS_KEY=${s} amazon/aws-cli s3 ls`],
];

function awsCases(): PairCase[] {
  return AWS_LAYOUTS.flatMap(([name, layout]) => {
    const id = fresh('aws', 'access-key-id');
    const secret = fresh('aws', 'secret-access-key');
    const text = layout(id, secret);
    return [
      { name: `aws ${name}`, text, id, secret, group: 'aws' },
      { name: `aws ${name} (console)`, text, context: { host: 'console.aws.amazon.com' }, id, secret, group: 'aws' },
    ];
  });
}

function stsCase(): PairCase {
  const id = `ASIA${randomChars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  const secret = fresh('aws', 'secret-access-key');
  const session = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(300))));
  const text = `{"Credentials": {"AccessKeyId": "${id}", "SecretAccessKey": "${secret}", "SessionToken": "${session}", "Expiration": "2026-12-07T15:00:00Z"}}`;
  return { name: 'aws sts JSON', text, id, secret, group: 'aws' };
}

const TWILIO_LAYOUTS: Array<[string, (sid: string, token: string) => string, DetectContext?]> = [
  ['env file', (sid, t) => `TWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=${t}\n`],
  ['JSON', (sid, t) => `{"accountSid": "${sid}", "authToken": "${t}"}`],
  ['Node', (sid, t) => `const client = require('twilio')('${sid}', '${t}');`],
  ['Python', (sid, t) => `from twilio.rest import Client\nclient = Client("${sid}", "${t}")\n`],
  ['curl', (sid, t) => `curl -X POST "https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json" \\\n  -u ${sid}:${t}`],
  ['console', (sid, t) => `Account Info\nAccount SID\n${sid}\nAuth Token\n${t}\nMy Twilio phone number`, { host: 'console.twilio.com' }],
];

function twilioCases(): PairCase[] {
  const out = TWILIO_LAYOUTS.map(([name, layout, context]): PairCase => {
    const sid = fresh('twilio', 'account-sid');
    const token = fresh('twilio', 'auth-token');
    return { name: `twilio ${name}`, text: layout(sid, token), context, id: sid, secret: token, group: 'twilio' };
  });
  const key = fresh('twilio', 'api-key');
  const secret = fresh('twilio', 'api-key-secret');
  out.push({ name: 'twilio api key env', text: `TWILIO_API_KEY=${key}\nTWILIO_API_SECRET=${secret}\n`, id: key, secret, group: 'twilio-api-key' });
  return out;
}

function otherCases(): PairCase[] {
  const rzpId = fresh('razorpay', 'key-id');
  const rzpSecret = fresh('razorpay', 'key-secret');
  const plaidId = fresh('plaid', 'client-id');
  const plaidSecret = fresh('plaid', 'secret');
  const auth0Id = fresh('authzero', 'client-id');
  const auth0Secret = fresh('authzero', 'client-secret');
  const paypalId = fresh('paypal', 'client-id');
  const paypalSecret = fresh('paypal', 'client-secret');
  const twitterKey = fresh('twitter', 'api-key');
  const twitterSecret = fresh('twitter', 'api-secret');
  const accessToken = fresh('twitter', 'access-token');
  const accessSecret = fresh('twitter', 'access-secret');
  return [
    { name: 'paypal env', text: `PAYPAL_CLIENT_ID=${paypalId}\nPAYPAL_CLIENT_SECRET=${paypalSecret}\n`, id: paypalId, secret: paypalSecret, group: 'paypal' },
    { name: 'twitter env', text: `TWITTER_API_KEY=${twitterKey}\nTWITTER_API_SECRET=${twitterSecret}\n`, id: twitterKey, secret: twitterSecret, group: 'twitter' },
    { name: 'twitter access env', text: `TWITTER_ACCESS_TOKEN=${accessToken}\nTWITTER_ACCESS_TOKEN_SECRET=${accessSecret}\n`, id: accessToken, secret: accessSecret, group: 'twitter-access' },
    { name: 'razorpay env', text: `RAZORPAY_KEY_ID=${rzpId}\nRAZORPAY_KEY_SECRET=${rzpSecret}\n`, id: rzpId, secret: rzpSecret, group: 'razorpay' },
    { name: 'razorpay code', text: `const razorpay = new Razorpay({ key_id: '${rzpId}', key_secret: '${rzpSecret}' });`, id: rzpId, secret: rzpSecret, group: 'razorpay' },
    { name: 'plaid env', text: `PLAID_CLIENT_ID=${plaidId}\nPLAID_SECRET=${plaidSecret}\nPLAID_ENV=sandbox\n`, id: plaidId, secret: plaidSecret, group: 'plaid' },
    { name: 'auth0 env', text: `AUTH0_DOMAIN=example.eu.auth0.com\nAUTH0_CLIENT_ID=${auth0Id}\nAUTH0_CLIENT_SECRET=${auth0Secret}\n`, id: auth0Id, secret: auth0Secret, group: 'auth0' },
  ];
}

const PAIRS = [...awsCases(), stsCase(), ...twilioCases(), ...otherCases()];

/** What went wrong with one pair case ('' when both halves are found, whose they are, and joined). */
function pairProblem(c: PairCase, found: Detection[]): string {
  const id = found.find((d) => d.value === c.id);
  const secret = found.find((d) => d.value === c.secret);
  if (!id || !secret) return `${c.name}: ${!id ? 'id' : 'secret'} not found (found ${found.map((d) => `${d.provider} ${d.kind}`).join(', ') || 'nothing'})`;
  if (id.pair?.group !== c.group || secret.pair?.group !== c.group) return `${c.name}: halves not of group ${c.group}`;
  const joined = pairDetections(found).some((p) => 'id' in p && p.id === id && p.secret === secret);
  return joined ? '' : `${c.name}: not joined`;
}

const tally = { tp: 0, fn: 0, fp: 0, negatives: 0 };
afterAll(() => {
  const precision = tally.tp / (tally.tp + tally.fp);
  const recall = tally.tp / (tally.tp + tally.fn);
  console.log(`pairs and samples: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} (${tally.tp + tally.fn} positives, ${tally.negatives} hard negatives, ${tally.fp} false positives)`);
});

describe('key pairs in the layouts developers paste', () => {
  it.each(PAIRS.map((c) => [c.name, c] as const))('%s: both halves found and joined', (_, c) => {
    const problem = pairProblem(c, detectKeys(c.text, c.context));
    if (problem) tally.fn++;
    else tally.tp++;
    expect(problem).toBe('');
  });

  it('stores a joined pair under the env names developers use', () => {
    expect(pairedValue('twilio', 'AC1', 'tok').split('\n')).toEqual(['TWILIO_ACCOUNT_SID=AC1', 'TWILIO_AUTH_TOKEN=tok']);
    expect(pairedValue('razorpay', 'rzp', 's')).toContain('RAZORPAY_KEY_SECRET=s');
  });
});

/** `value` with each letter and digit after `keep` characters replaced by a random one of the same class. */
function sameShape(value: string, keep: number): string {
  const pick = (alphabet: string) => alphabet[crypto.getRandomValues(new Uint8Array(1))[0]! % alphabet.length]!;
  // A hex body stays hex.
  const lower = /^[0-9a-f]+$/.test(value.slice(keep)) ? 'abcdef' : 'abcdefghijklmnopqrstuvwxyz';
  return value.slice(0, keep) + [...value.slice(keep)].map((ch) => (/[0-9]/.test(ch) ? pick('0123456789') : /[a-z]/.test(ch) ? pick(lower) : /[A-Z]/.test(ch) ? pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ') : ch)).join('');
}

/** Provider keys that are plain hex or alphanumerics, under the names developers give them. */
const LABELLED: Array<[string, string, string, (v: string) => string]> = [
  ['datadog', 'api-key', 'env', (v) => `DD_API_KEY=${v}`],
  ['datadog', 'application-key', 'env', (v) => `DD_APP_KEY=${v}`],
  ['datadog', 'application-key', 'JSON', (v) => `{"datadog": {"appKey": "${v}"}}`],
  ['datadog', 'application-key', 'yaml', (v) => `datadog_application_key: ${v}`],
  ['algolia', 'admin-api-key', 'env', (v) => `ALGOLIA_ADMIN_KEY=${v}`],
  ['newrelic', 'license-key-legacy', 'env', (v) => `NEW_RELIC_LICENSE_KEY=${v}`],
  ['mixpanel', 'api-secret', 'env', (v) => `MIXPANEL_API_SECRET="${v}"`],
  ['amplitude', 'api-key', 'code', (v) => `const AMPLITUDE_API_KEY = '${v}';`],
  ['facebook', 'app-secret', 'env', (v) => `FACEBOOK_APP_SECRET=${v}`],
  // `auth_token` alone names no provider (any service's token): the enclosing name says Twilio.
  ['twilio', 'auth-token', 'JSON', (v) => `{"twilio": {"auth_token": "${v}"}}`],
  ['plaid', 'secret', 'env', (v) => `PLAID_SECRET=${v}`],
  ['confluent', 'api-secret', 'env', (v) => `CONFLUENT_CLOUD_API_SECRET=${v}`],
];

describe('labelled provider keys without a prefix', () => {
  it.each(LABELLED.map(([p, k, layout, make]) => [`${p} ${k} (${layout})`, p, k, make] as const))('%s', (_, provider, kind, make) => {
    for (let i = 0; i < 5; i++) {
      const value = fresh(provider, kind);
      const hit = detectKeys(make(value)).find((d) => d.value === value);
      const ok = hit?.provider === provider && hit.kind === kind;
      if (ok) tally.tp++;
      else tally.fn++;
      expect(hit && `${hit.provider} ${hit.kind}`).toBe(`${provider} ${kind}`);
    }
  });
});

describe('documentation sample keys', () => {
  it.each(DOCUMENTATION_SAMPLES.map((s) => [s.value.slice(0, 12), s] as const))('%s…: the published sample is refused, a fresh key of its shape is found', (_, sample) => {
    const shapes = CATALOGUE.filter((e) => new RegExp(`^(?:${e.pattern})$`).test(sample.value));
    const matching = shapes.filter((e) => !e.generic);
    expect(shapes.length, 'the sample has a catalogue shape').toBeGreaterThan(0);
    // A sample with no distinctive shape (OAuth's example tokens) is only ever found under a label.
    const generic = matching.length === 0;
    const host = matching[0]?.hosts?.[0];
    const texts = generic ? [`access_token=${sample.value}`, `"refresh_token": "${sample.value}"`] : [sample.value, `API_KEY=${sample.value}`, `curl -u ${sample.value}: https://api.example.com`];
    for (const text of texts) {
      tally.negatives++;
      const found = detectKeys(text, { host });
      if (found.length > 0) tally.fp++;
      expect(found, text).toEqual([]);
    }
    // The prefix and the words before the random part (`sk_test_`, `pdl_live_apikey_`, `AC`) stay; the rest is drawn afresh.
    const prefix = generic ? 0 : Math.max(/^(?:[a-z]+_)+/.exec(sample.value)?.[0].length ?? 0, literalPrefix(matching[0]!.pattern).length);
    for (let i = 0; i < 20; i++) {
      const key = sameShape(sample.value, prefix);
      const found = detectKeys(`${generic ? 'access_token' : 'API_KEY'}=${key}`).some((d) => d.value === key && (generic || d.provider === matching[0]!.provider));
      if (found) tally.tp++;
      else tally.fn++;
      expect(found, 'a fresh key of the sample shape').toBe(true);
    }
  });
});

const MY_FILES_GENERIC = CATALOGUE.filter((e) => e.generic && ['razorpay', 'plaid', 'twilio', 'messagebird', 'intercom', 'zendesk', 'datadog', 'honeycomb', 'pagerduty', 'opsgenie', 'logzio', 'sumologic', 'mixpanel', 'amplitude', 'confluent', 'algolia', 'okta', 'authzero', 'twitch', 'postmark', 'paypal', 'twitter', 'facebook', 'newrelic'].includes(e.provider));

describe('hard negatives around generic shapes and pairs', () => {
  function refuse(text: string, context?: DetectContext): void {
    tally.negatives++;
    const found = detectKeys(text, context);
    if (found.length > 0) tally.fp++;
    expect(found.map((d) => `${d.provider} ${d.kind} (${d.value.length} chars)`), text.slice(0, 60)).toEqual([]);
  }

  it.each(MY_FILES_GENERIC.map((e) => [`${e.provider} ${e.kind}`, e] as const))('%s: nothing without a label naming a secret', (_, e) => {
    const host = e.hosts?.[0];
    for (let i = 0; i < 6; i++) {
      const value = fakeKey(e);
      refuse(value);
      refuse(`Build ${value} finished in 42s`);
      refuse(`Request ID: ${value}`, { host: e.generic === 'label' ? host : undefined });
      refuse(`<script src="/assets/index.${value}.js"></script>`, { host, label: 'Token' });
      refuse(`${e.provider} documentation: https://example.org/${value}`);
    }
  });

  it('takes no partner from far away, from a masked value, from a hash, or for an unnamed label', () => {
    for (let i = 0; i < 20; i++) {
      const id = fresh('aws', 'access-key-id');
      const sid = fresh('twilio', 'account-sid');
      const far = `${id}\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6)}\n${randomChars(B62, 40)}`;
      const found = detectKeys(far);
      tally.negatives++;
      if (found.some((d) => d.value !== id)) tally.fp++;
      expect(found.map((d) => d.value)).toEqual([id]);
      for (const text of [
        `Access key ID,Secret access key\n${id},${randomChars(B62, 8)}••••••••••••••••••••••••••••••••`,
        `Deploying with ${id} at commit ${randomChars(HEX, 40)}`,
        `Message SM${randomChars(HEX, 32)} sent for ${sid} (request ${crypto.randomUUID()})`,
        `{"_id": "${randomChars(HEX, 24)}", "secret": "${randomChars(HEX, 30)}"}`,
      ]) {
        tally.negatives++;
        const extra = detectKeys(text).filter((d) => d.value !== id && d.value !== sid && d.provider !== 'unknown');
        if (extra.length > 0) tally.fp++;
        expect(extra.map((d) => `${d.provider} ${d.kind}`), text.slice(0, 50)).toEqual([]);
      }
    }
  });

  it('keeps a labelled but unnamed generic shape out of any pair', () => {
    const found = detectKeys(`token: ${randomChars(B62, 39)}A`);
    expect(found.every((d) => d.provider === 'unknown' && d.pair === undefined)).toBe(true);
  });
});

describe('precision and recall of these cases', () => {
  it('stay at or above 0.995', () => {
    expect(tally.tp / (tally.tp + tally.fp)).toBeGreaterThanOrEqual(0.995);
    expect(tally.tp / (tally.tp + tally.fn)).toBeGreaterThanOrEqual(0.995);
  });
});
