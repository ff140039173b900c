import { describe, expect, it } from 'vitest';
import { strengthOf } from '../../../extension/ui/password-strength.js';

describe('strengthOf (zxcvbn-ts)', () => {
  it('calls common passwords weak and says why', () => {
    const weak = strengthOf('password1');
    expect(weak.score).toBeLessThanOrEqual(1);
    expect(weak.warning || weak.suggestion).not.toBe('');
  });

  it('calls a long passphrase of plain words strong: no digit or symbol is demanded', () => {
    expect(strengthOf('correct horse battery staple tangerine').score).toBeGreaterThanOrEqual(3);
    expect(strengthOf('small fixes make a calm vault').score).toBeGreaterThanOrEqual(3);
  });

  it('counts what a guesser knows of the person: their email\'s name, the word keyhaven', () => {
    expect(strengthOf('zorblattquimby77', ['zorblatt.quimby@example.com']).score).toBeLessThan(strengthOf('zorblattquimby77').score);
    expect(strengthOf('keyhaven2026').score).toBeLessThanOrEqual(2);
  });
});
