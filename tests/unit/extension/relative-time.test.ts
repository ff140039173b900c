/** How screens say a moment and a day: the Devices, audit, key and rotation screens share these. */
import { describe, expect, it } from 'vitest';
import { shownDay, shownTime } from '../../../extension/ui/relative-time.js';

const now = Date.parse('2026-12-08T12:00:00Z');

describe('dates on screens', () => {
  it('says a recent moment relatively and an older one as a day with a month name', () => {
    expect(shownTime('2026-12-08T11:59:30Z', now)).toBe('just now');
    expect(shownTime('2026-12-08T11:15:00Z', now)).toBe('45 min ago');
    expect(shownTime('2026-12-05T12:00:00Z', now)).toBe('3 days ago');
    expect(shownTime('2026-03-12T12:00:00Z', now)).toBe('12 Mar');
    expect(shownTime('2025-03-12T12:00:00Z', now)).toBe('12 Mar 2025');
  });

  it('says a day ahead (an expiry, a rotation due) as that day, never "just now", with its year when it is another', () => {
    expect(shownTime('2026-12-20T12:00:00Z', now)).toBe('just now');
    expect(shownDay('2026-12-20T12:00:00Z', now)).toBe('20 Dec');
    expect(shownDay('2027-03-08T12:00:00Z', now)).toBe('8 Mar 2027');
  });
});
