import { describe, expect, it } from 'vitest';
import { plural } from '../../../extension/ui/plural.js';
import { asSentence } from '../../../extension/ui/sentence.js';

describe('errors said as sentences', () => {
  it('capitalises the first letter and closes with a full stop', () => {
    expect(asSentence('cannot reach http://127.0.0.1:1 (connection failed)')).toBe('Cannot reach http://127.0.0.1:1 (connection failed).');
  });
  it('leaves a finished sentence as it is', () => {
    expect(asSentence('Wrong password.')).toBe('Wrong password.');
    expect(asSentence('This file is not valid JSON (line 1, column 2).')).toBe('This file is not valid JSON (line 1, column 2).');
    expect(asSentence('Still syncing…')).toBe('Still syncing…');
  });
});

describe('counts', () => {
  it('say one key, and any other number of keys', () => {
    expect([0, 1, 20].map((n) => plural(n, 'key'))).toEqual(['0 keys', '1 key', '20 keys']);
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
