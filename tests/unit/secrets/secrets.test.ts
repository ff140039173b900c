import { describe, expect, it } from 'vitest';
import { generateSecret, signWebhook, verifyWebhook } from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';
import { createHmac } from 'node:crypto';

describe('generateSecret', () => {
  it('makes 256-bit secrets as base64url, hex, or with a prefix', () => {
    expect(generateSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecret({ encoding: 'hex' })).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret({ prefix: 'whsec_' })).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const many = new Set(Array.from({ length: 1000 }, () => generateSecret()));
    expect(many.size).toBe(1000);
  });

  it('refuses weak sizes and odd prefixes', async () => {
    await expectCryptoError(() => generateSecret({ bytes: 8 }), 'invalid-argument');
    await expectCryptoError(() => generateSecret({ prefix: 'bad prefix!' }), 'invalid-argument');
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_for_signing';
  const payload = '{"id":"evt_1","type":"invoice.paid"}';
  const now = new Date('2026-11-21T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('signs as t=…,v1=hex(HMAC-SHA256(secret, "t.payload")), checked against Node’s own HMAC', async () => {
    const header = await signWebhook(secret, payload, t);
    const expected = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(await verifyWebhook(secret, payload, header, { now })).toEqual({ ok: true, timestamp: t });
  });

  it('rejects a changed payload, another secret, a stale timestamp and a malformed header', async () => {
    const header = await signWebhook(secret, payload, t);
    expect(await verifyWebhook(secret, payload + ' ', header, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyWebhook('whsec_other', payload, header, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyWebhook(secret, payload, header, { now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'outside-tolerance' });
    expect(await verifyWebhook(secret, payload, 'v1=abc', { now })).toEqual({ ok: false, reason: 'malformed-header' });
  });

  it('accepts any of several v1 signatures, for a secret rotation in progress', async () => {
    const oldHeader = await signWebhook('whsec_old', payload, t);
    const newHeader = await signWebhook(secret, payload, t);
    const both = `${oldHeader},v1=${newHeader.split('v1=')[1]}`;
    expect(await verifyWebhook(secret, payload, both, { now })).toMatchObject({ ok: true });
  });
});
