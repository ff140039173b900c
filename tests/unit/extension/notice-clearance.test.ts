import { describe, expect, it } from 'vitest';
import { clearance } from '../../../extension/ui/notice-clearance.js';

const BAR = { top: 560, bottom: 596 };

describe('clearance', () => {
  it('is 0 when nothing protected is under the bar', () => {
    expect(clearance(BAR, [])).toBe(0);
    expect(clearance(BAR, [{ top: 300, bottom: 336 }, { top: 400, bottom: 436 }])).toBe(0);
  });

  it('scrolls a focused field under the bar up above it, with room to spare', () => {
    expect(clearance(BAR, [{ top: 550, bottom: 586 }])).toBe(586 - (560 - 8));
  });

  it('uncovers the form\'s buttons too, but never scrolls the focused field out at the top', () => {
    expect(clearance(BAR, [{ top: 400, bottom: 436 }, { top: 570, bottom: 606 }])).toBe(606 - 552);
    expect(clearance(BAR, [{ top: 20, bottom: 56 }, { top: 570, bottom: 606 }])).toBe(12);
  });
});
