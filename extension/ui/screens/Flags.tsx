/** Health markers (overdue, expiring, expired, revoked, duplicate), as words, not just colours. */
import type { HealthFlag } from '../../../shared/index.js';

export function Flags({ flags }: { flags: HealthFlag[] }) {
  return (
    <>
      {flags.map((h) => (
        <span key={h} className={`flag ${h}`}>
          {h}
        </span>
      ))}
    </>
  );
}
