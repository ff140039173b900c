import { describe, expect, it } from 'vitest';
import { base62, CATALOGUE, checkDigits, crc32, detectKeys, hasValidChecksum, newTokenSecret, pairDetections, utf8 } from '../../../shared/index.js';
import { B62, corrupt, fakeKey, HEX, randomChars } from '../../support/fake-keys.js';

const entry = (provider: string, kind: string) => CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!;

describe('checksums', () => {
  it('CRC32 is the IEEE one and base62 pads to six characters', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926); // the standard check value
    expect(base62(0xcbf43926, 6)).toBe('3jZRME'); // worked out independently (Python) from the alphabet 0-9A-Za-z
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
  });

  it.each(['classic-pat', 'oauth', 'user-to-server', 'server-to-server'])('a GitHub %s token counts only with its checksum', (kind) => {
    const key = fakeKey(entry('github', kind));
    expect(hasValidChecksum('github-crc32', key)).toBe(true);
    expect(detectKeys(`token: ${key}`)[0]).toMatchObject({ provider: 'github', kind, evidence: 'checksum', confidence: 0.99 });
    expect(detectKeys(`token: ${corrupt(key)}`)).toEqual([]);
  });

  it.each([
    ['npm', 'access-token'],
    ['vercel', 'token'],
    ['gitlab', 'pat-routable'],
  ])('%s %s tokens carry a checksum too', (provider, kind) => {
    const key = fakeKey(entry(provider, kind));
    expect(detectKeys(key).map((d) => d.kind)).toEqual([kind]);
    expect(detectKeys(corrupt(key))).toEqual([]);
  });

  it('a KeyHaven access token pasted into a page is found; a look-alike is not', () => {
    const { text } = newTokenSecret();
    expect(detectKeys(`export KEYHAVEN_TOKEN=${text}`)[0]).toMatchObject({ provider: 'keyhaven', kind: 'access-token', evidence: 'checksum' });
    expect(detectKeys(`export KEYHAVEN_TOKEN=${corrupt(text)}`)).toEqual([]);
    // The checksum covers the prefix: the same body under GitHub's scheme does not pass.
    const body = text.slice(0, -6);
    expect(detectKeys(body + checkDigits('github-crc32', body + '000000'))).toEqual([]);
  });
});

describe('detectKeys', () => {
  it('gives exact offsets into the text', () => {
    const a = fakeKey(entry('stripe', 'secret-live'));
    const b = fakeKey(entry('anthropic', 'api'));
    const text = `STRIPE=${a}\n# and\nANTHROPIC_API_KEY="${b}"`;
    const found = detectKeys(text);
    expect(found.map((d) => text.slice(d.start, d.end))).toEqual([a, b]);
    expect(found.map((d) => d.provider)).toEqual(['stripe', 'anthropic']);
  });

  it('raises confidence on the provider own dashboard', () => {
    const key = fakeKey(entry('openai', 'project'));
    expect(detectKeys(key)[0]!.confidence).toBe(0.9);
    expect(detectKeys(key, { host: 'platform.openai.com' })[0]!.confidence).toBe(0.95);
  });

  it('counts a generic shape only with a label or on its host, and says whose it is when it can', () => {
    const secret = randomChars(B62, 39) + 'A';
    expect(detectKeys(secret)).toEqual([]);
    expect(detectKeys(secret, { host: 'console.aws.amazon.com' })[0]).toMatchObject({ provider: 'aws', kind: 'secret-access-key', evidence: 'host' });
    expect(detectKeys(`Secret access key: ${secret}`)[0]).toMatchObject({ provider: 'aws', evidence: 'named-label' });
    const hex = randomChars(HEX, 32);
    expect(detectKeys(hex, { host: 'app.datadoghq.com' })).toEqual([]); // hex needs a label even on the host
    expect(detectKeys(`API key: ${hex}`)[0]).toMatchObject({ provider: 'unknown', evidence: 'label', confidence: 0.5 });
    expect(detectKeys(hex, { host: 'app.datadoghq.com', label: 'API Key' })[0]).toMatchObject({ provider: 'datadog', kind: 'api-key' });
  });

  it('asks for the label only where a key may start, once per call, and reads a useless one as no label', () => {
    let asked = 0;
    const label = () => (asked++, 'Secret token');
    detectKeys('some prose that is long enough to be scanned, holding nothing shaped like a key', { label });
    expect(asked).toBe(0);
    expect(detectKeys(`value ${randomChars(HEX, 32)} and ${randomChars(HEX, 40)}`, { label }).map((d) => d.provider)).toEqual(['unknown', 'unknown']);
    expect(asked).toBe(1);
    // A label that names no secret and no provider: the generic shapes are not even tried, and nothing is found.
    expect(detectKeys(`${randomChars(HEX, 32)} ${randomChars(B62, 40)}`, { label: () => 'Deployment 42' })).toEqual([]);
    expect(detectKeys(randomChars(HEX, 32), { label: () => 'Datadog API key' })[0]).toMatchObject({ provider: 'datadog' });
  });

  it('reads labels as identifiers write them, and not inside longer words', () => {
    const hex = randomChars(HEX, 32);
    for (const label of ['"authToken": "', 'clientSecret=', 'AWS_SECRET_ACCESS_KEY=', 'secret_key = "', 'App key: ', 'apiKey: ']) {
      expect(detectKeys(`${label}${hex}`).map((d) => d.value), label).toEqual([hex]);
    }
    // A word that only ends a field's name (`…_KEY`, `…_ID`) vouches for nothing unless the provider is named.
    for (const label of ['tokenizer: ', 'Secretary ', 'monkey = ', 'cache_key: ', 'Request ID: ']) expect(detectKeys(`${label}${hex}`), label).toEqual([]);
    expect(detectKeys(`ALGOLIA_ADMIN_KEY=${hex}`)[0]).toMatchObject({ provider: 'algolia', evidence: 'named-label' });
  });

  it('pairs an AWS access key id with its secret, as two results the caller joins', () => {
    const id = fakeKey(entry('aws', 'access-key-id'));
    const secret = randomChars(B62, 38) + 'aZ';
    const csv = `Access key ID,Secret access key\n${id},${secret}\n`;
    const found = detectKeys(csv, { host: 'console.aws.amazon.com' });
    expect(found.map((d) => d.pair?.role)).toEqual(['id', 'secret']);
    expect(pairDetections(found)).toEqual([{ id: found[0], secret: found[1] }]);
  });
});
