/** A moment as the audit log and the Devices screen show it: "5 min ago", "12 Mar"; the exact time on hover. */
import { fullTime, shownTime } from './relative-time.js';

export function When({ at, now = Date.now() }: { at: string; now?: number }) {
  return (
    <time dateTime={at} title={fullTime(at)}>
      {shownTime(at, now)}
    </time>
  );
}
