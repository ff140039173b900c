import { describe, expect, it } from 'vitest';
import { importPlaintext } from '../../../shared/index.js';
import { expectVaultError } from '../../support/errors.js';

const now = new Date('2026-11-21T12:00:00Z');

describe('JSON import', () => {
  it('takes a flat object of NAME: "value" pairs and reports non-string values', () => {
    const report = importPlaintext('{"A_KEY":"one","NUM":42,"NIL":null,"B_KEY":"two"}', 'json', { now });
    expect(report.items.map((i) => [i.name, i.value])).toEqual([['A_KEY', 'one'], ['B_KEY', 'two']]);
    expect(report.skipped).toEqual([
      { where: 'key NUM', name: 'NUM', reason: 'value is a number, not a string' },
      { where: 'key NIL', name: 'NIL', reason: 'value is a null, not a string' },
    ]);
  });

  it('takes an array of objects with optional fields, and reports bad entries', () => {
    const json = JSON.stringify([
      { name: 'Stripe', value: 'sk_test_x', provider: 'stripe', env: 'test', tags: 'billing; payments', unknown: 'ignored' },
      { name: 'No value' },
      'a string',
      { name: 'Bad type', value: 'v', type: 'password' },
    ]);
    const report = importPlaintext(json, 'json', { now });
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ name: 'Stripe', provider: 'stripe', environment: 'test', tags: ['billing', 'payments'], type: 'api-key' });
    expect(report.items[0]).not.toHaveProperty('unknown');
    expect(report.skipped.map((s) => [s.where, s.reason.split(':')[0]])).toEqual([
      ['entry 3', 'not an object with name and value'],
      ['entry 2', 'empty value'],
      ['entry 4', 'cannot create item'],
    ]);
  });

  it('refuses text that is not JSON with a clear message', async () => {
    const error = await expectVaultError(() => importPlaintext('{oops', 'json', { now }), 'invalid-input');
    // Said as a sentence with the place to look, without the engine's quote of the file.
    expect(error.message).toBe('This file is not valid JSON (line 1, column 2).');
    const later = await expectVaultError(() => importPlaintext('{"A": "one",\n  oops}', 'json', { now }), 'invalid-input');
    expect(later.message).toBe('This file is not valid JSON (line 2, column 3).');
  });
});

describe('CSV import', () => {
  it('reads a header row in any case, quoted fields with commas and newlines, and optional columns', () => {
    const csv = 'Name,Value,Provider,Environment,Tags\r\n"Twilio, main","AC123,456",twilio,prod,"sms;voice"\r\nMultiline,"line1\nline2",,,\r\n,orphan,,,\r\n';
    const report = importPlaintext(csv, 'csv', { now });
    expect(report.items.map((i) => [i.name, i.value, i.provider, i.environment, i.tags])).toEqual([
      ['Twilio, main', 'AC123,456', 'twilio', 'prod', ['sms', 'voice']],
      ['Multiline', 'line1\nline2', '', '', []],
    ]);
    expect(report.skipped).toEqual([{ where: 'row 4', reason: 'no name' }]);
  });

  it('refuses a CSV without name and value columns', async () => {
    const error = await expectVaultError(() => importPlaintext('key,secret\na,b\n', 'csv', { now }), 'invalid-input');
    expect(error.message).toContain('found: key, secret');
  });
});
