import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../extension/ui/format-number.js';

describe('formatNumber', () => {
  it('writes a number as the locale does, the same way everywhere it is used', () => {
    expect(formatNumber(600_000, 'en-US')).toBe('600,000');
    expect(formatNumber(600_000, 'de-DE')).toBe('600.000');
    expect(formatNumber(600_000, 'fr-FR')).toBe('600\u202f000'); // a narrow no-break space, as French writes it
    expect(formatNumber(2_000_000, 'en-IN')).toBe('20,00,000');
  });

  it('uses the browser\'s own locale when none is given', () => {
    expect(formatNumber(1_234_567)).toBe(new Intl.NumberFormat().format(1_234_567));
    expect(formatNumber(42)).toBe('42');
  });
});
