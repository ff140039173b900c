/**
 * A moment as every screen shows it: "5 min ago", "12 Mar" for what happened; `day` for a calendar day,
 * past or ahead (an expiry, a rotation due): "12 Mar 2027". The exact time on hover.
 */
import { fullTime, shownDay, shownTime } from './relative-time.js';

export function When({ at, now = Date.now(), day = false }: { at: string; now?: number; day?: boolean }) {
  return (
    <time dateTime={at} title={fullTime(at)}>
      {day ? shownDay(at, now) : shownTime(at, now)}
    </time>
  );
}
