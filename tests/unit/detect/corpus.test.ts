/**
 * The detector against a corpus made at test time: positives for every catalogue entry in the places
 * keys appear (a bare line, an env file, JSON, a sentence, a labelled field, the provider's dashboard),
 * and more hard negatives than positives (masked and truncated keys, placeholders, AWS's EXAMPLE keys,
 * UUIDs, commit and asset hashes, base64 images, JWTs, prose that mentions prefixes, tokens whose
 * checksum fails, generic shapes with nothing to vouch for them). Precision and recall are printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, detectKeys, type CatalogueEntry, type DetectContext } from '../../../shared/index.js';
import { B62, corrupt, fakeKey, HEX, randomChars } from '../../support/fake-keys.js';

interface Sample {
  category: string;
  text: string;
  context?: DetectContext;
  /** For positives: the key and whose it is. */
  expect?: { value: string; provider: string; kind: string };
}

const PER_ENTRY = 8;

function positivesFor(entry: CatalogueEntry): Sample[] {
  const samples: Sample[] = [];
  const host = entry.hosts?.[0];
  const envName = `${entry.provider.toUpperCase()}_API_KEY`;
  for (let i = 0; i < PER_ENTRY; i++) {
    const value = fakeKey(entry);
    const expected = { value, provider: entry.provider, kind: entry.kind };
    const add = (text: string, context?: DetectContext) => samples.push({ category: `${entry.provider} ${entry.kind}`, text, context, expect: expected });
    if (!entry.generic) {
      add(value);
      add(`${envName}=${value}\n`);
      add(`{"apiKey": "${value}", "created": "2026-11-21"}`);
      add(`Your new key is ${value}. Copy it now: you will not see it again.`, { host });
    } else {
      // Generic shapes: on the dashboard with a label, or named by the label anywhere.
      add(`API key: ${value}`, { host });
      add(value, { host, label: () => 'Secret' });
      add(`${entry.provider} token = ${value}`);
      if (entry.generic === 'label-or-host') add(`<td>${value}</td>`, { host });
    }
  }
  return samples;
}

function negatives(): Sample[] {
  const out: Sample[] = [];
  const add = (category: string, text: string, context?: DetectContext) => out.push({ category, text, context });
  for (const entry of CATALOGUE) for (let i = 0; i < PER_ENTRY / 2; i++) {
    const key = fakeKey(entry);
    const host = entry.hosts?.[0];
    const visible = key.slice(0, Math.min(12, key.length - 8));
    add('masked', `${visible}…${key.slice(-4)}`, { host });
    add('masked', `${visible}${'•'.repeat(key.length - visible.length - 4)}${key.slice(-4)}`, { host, label: 'API key' });
    add('masked', `••••${key.slice(-4)}`, { host });
    add('masked', `${'*'.repeat(key.length)}`, { host, label: 'Secret' });
    add('truncated', `${key.slice(0, key.length - 6)}…`, { host, label: 'API key' });
    add('truncated', `${key.slice(0, key.length - 6)}...`, { host });
    if (entry.checksum) add('bad checksum', corrupt(key), { host, label: 'Token' });
    const prefix = key.slice(0, Math.max(3, key.search(/[_-][^_-]*$/) + 1));
    if (!entry.generic) add('placeholder', `${prefix}${'x'.repeat(Math.max(24, key.length - prefix.length))}`, { host, label: 'API key' });
    // Glued to the token before it: the tail of something longer, not a key.
    add('glued', `x${key}`);
  }
  // Identifiers that spell words in the shape of an AWS id or another single-case key (shape.ts, spellsWords).
  for (const words of ['PACIFICSOUTHEAST', 'NORTHEASTREGIONS', 'MINORITYPARTNERS', 'SOUTHEASTCOUNTRY', 'EXPORTERSMANAGER', 'INVESTMENTGROUPS', 'DEVELOPMENTSTAGE', 'CONFIGURATIONSET', 'LOCALIZATIONKEYS', 'SUBSCRIPTIONPLAN', 'SINGAPOREBACKUPS', 'TOKYOREGIONNORTH']) {
    add('words shaped like an AWS id', `REGION_GROUP=ASIA${words}`, { host: 'console.aws.amazon.com' });
    add('words shaped like an AWS id', `const ASIA${words} = 'ap-southeast-1';`);
    add('words shaped like an AWS id', `AKIA${words}`, { host: 'console.aws.amazon.com', label: 'Access key ID' });
  }
  add('words shaped like a key', 'See API-DOCUMENTATIONFORDEVELOPERS for the endpoints.', { host: 'octopus.app', label: 'API key' });
  add('words shaped like a key', 'vultr api key: INTERNATIONALCONFIGURATIONMANAGEMENT', { host: 'my.vultr.com' });
  // Near misses: a known prefix with a body of the wrong length or alphabet.
  for (let i = 0; i < 4; i++) {
    for (const text of [
      `cfut_${randomChars(B62, 39)}${randomChars(HEX, 8)}`,
      `cfat_${randomChars(B62, 40)}${randomChars(HEX, 7)}`,
      `cfk_${randomChars(B62, 41)}${randomChars(HEX, 8)}`,
      `vcp_${randomChars(B62, 55)}`,
      `ghs_${randomChars(B62, 35)}`,
      `glptt-${randomChars(HEX, 39)}`,
      `dckr_pat_${randomChars(B62, 26)}`,
      `nvapi-${randomChars(B62, 50)}`,
      `lsv2_pt_${randomChars(HEX, 31)}_${randomChars(HEX, 10)}`,
      `sk-${randomChars(HEX, 31)}`,
      `sk_${randomChars(HEX, 47)}`,
      `csk-${randomChars(HEX, 47)}`,
      `rubygems_${randomChars(HEX, 47)}`,
      `pul-${randomChars(HEX, 39)}`,
      `hvs.${randomChars(B62, 80)}`,
      `oy2${randomChars(HEX, 42)}`,
      `AKCp${randomChars(B62, 60)}`,
      `rnd_${randomChars(B62, 27)}`,
      `tgp_v1_${randomChars(B62, 42)}`,
      `PMAK-${randomChars(HEX, 24)}-${randomChars(HEX, 33)}`,
    ]) add('near-miss prefix', `TOKEN=${text}`);
  }
  add('placeholder', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { host: 'console.aws.amazon.com' });
  add('placeholder', 'OPENAI_API_KEY=sk-proj-your-api-key-goes-here-replace-me-before-running');
  add('placeholder', 'stripe.api_key = "sk_test_1234567890abcdefghijklmnop"');
  add('placeholder', 'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
  add('placeholder', 'Secret access key: <REDACTED-REDACTED-REDACTED-REDACTED!>', { host: 'console.aws.amazon.com' });
  for (let i = 0; i < 40; i++) {
    add('uuid', `Request ID ${crypto.randomUUID()}`, { host: 'account.postmarkapp.com' });
    add('uuid', crypto.randomUUID(), { host: 'app.datadoghq.com' });
    add('commit hash', `commit ${randomChars(HEX, 40)}\nAuthor: Dev <dev@example.org>`, { host: 'app.datadoghq.com' });
    add('commit hash', `Deployed ${randomChars(HEX, 40)} to production`, { host: 'console.aws.amazon.com' });
    add('commit hash', randomChars(HEX, 40), { host: 'dashboard.cohere.com' });
    add('asset hash', `<script src="/assets/index.${randomChars(HEX, 32)}.js"></script>`, { host: 'console.twilio.com', label: 'Token' });
    add('asset hash', `/static/css/main.${randomChars(B62, 40)}.css`, { host: 'dash.cloudflare.com' });
    add('asset hash', `sha256-${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`, { host: 'console.aws.amazon.com' });
    add('base64 image', `<img src="data:image/png;base64,${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(600))))}">`, { host: 'console.aws.amazon.com' });
    const b64url = (n: number) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    add('jwt', `Authorization: Bearer eyJ${b64url(30)}.eyJ${b64url(90)}.${b64url(32)}`, { host: 'dash.cloudflare.com' });
    add('jwt', `session token: eyJ${b64url(27)}.eyJ${b64url(60)}.${b64url(64)}`);
    add('generic, no label', `${randomChars(HEX, 32)} ${randomChars(B62, 40)} ${randomChars(B62, 32)}`);
    add('generic, no label', `Build ${randomChars(B62, 24)} finished in 42s`);
    add('fingerprint', `SHA256:${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))).replace(/=+$/, '')}`, { host: 'github.com' });
  }
  for (const prose of [
    'Secret keys start with sk_live_ and publishable keys with pk_live_; restricted keys use rk_live_.',
    'GitHub tokens look like ghp_ followed by 36 characters, and fine-grained ones start with github_pat_.',
    'sk-proj-keys-are-scoped-to-a-single-project-and-can-be-revoked-at-any-time',
    'Set OPENAI_API_KEY in your environment and never commit it.',
    'The glpat- prefix identifies GitLab personal access tokens; gldt- is for deploy tokens.',
    'Slack bot tokens begin with xoxb- and user tokens with xoxp-.',
    'AKIA marks long-term AWS access keys and ASIA temporary ones.',
    'Use the tokenizer_configuration_for_multilingual_models_v2 setting.',
    'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    'npm_config_registry_authentication_documentation_example',
  ]) add('prose', prose, { label: 'API key' });
  return out;
}

const positives = CATALOGUE.flatMap(positivesFor);
const hard = negatives();
const report: string[] = [];

afterAll(() => console.log(report.join('\n')));

describe('detectKeys on a generated corpus', () => {
  it('finds every kind of key, in every setting, with its provider and kind', () => {
    const missed: string[] = [];
    for (const s of positives) {
      const hit = detectKeys(s.text, s.context).find((d) => d.value === s.expect!.value);
      if (!hit || hit.provider !== s.expect!.provider || hit.kind !== s.expect!.kind) missed.push(`${s.category}: ${hit ? `${hit.provider} ${hit.kind}` : 'not found'}`);
    }
    const recall = (positives.length - missed.length) / positives.length;
    report.push(`recall ${recall.toFixed(4)} (${positives.length - missed.length}/${positives.length} keys, ${CATALOGUE.length} catalogue entries)`);
    expect(missed).toEqual([]);
  });

  it('finds nothing in hard negatives (more of them than positives)', () => {
    expect(hard.length).toBeGreaterThanOrEqual(positives.length);
    const wrong: string[] = [];
    for (const s of hard) {
      const found = detectKeys(s.text, s.context);
      // Print the category and the shape of what was taken for a key, never a value.
      if (found.length > 0) wrong.push(`${s.category}: taken for ${found.map((d) => `${d.provider} ${d.kind} (${d.value.length} chars)`).join(', ')}`);
    }
    const truePositives = positives.length;
    const precision = truePositives / (truePositives + wrong.length);
    report.push(`precision ${precision.toFixed(4)} (${wrong.length} false positives in ${hard.length} hard negatives)`);
    expect(wrong).toEqual([]);
  });
});
