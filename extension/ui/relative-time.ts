/**
 * When something happened, short enough for one line of the popup: relative while it is recent ("5 min
 * ago", "3 days ago"), a date after a week ("12 Mar", "12 Mar 2025"). Month names, not numbers: 03/12
 * reads differently on each side of the Atlantic. The exact time goes in a tooltip (fullTime).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function shownTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  const ago = now - at;
  // A time a little ahead of this clock (another device's) is "just now" too, not "in 2 min".
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 7 * DAY) {
    const days = Math.floor(ago / DAY);
    return `${days} day${days === 1 ? '' : 's'} ago`;
  }
  return shownDay(iso, now);
}

/**
 * A calendar day as every screen says one ("12 Mar", "12 Mar 2027" in another year): for dates that
 * are days rather than moments, and for those ahead (an expiry, a rotation due), which shownTime does
 * not say ("in 3 days" would be wrong a day later on a screen left open).
 */
export function shownDay(iso: string, now: number): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString('en-GB', sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The exact local time, for the tooltip and screen readers. */
export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A date picked in an `<input type="date">` (yyyy-mm-dd) as the instant its local day starts, `days` later. */
export function localMidnight(date: string, days = 0): string | null {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return null;
  return new Date(y, m - 1, d + days).toISOString();
}
