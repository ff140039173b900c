/** Health markers (overdue, expiring, expired, revoked, duplicate), as words, not just colours; and a key's score. */
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

/** A key's health score on its page, with the reasons points were taken (nothing when it is 100). */
export function HealthLine({ score, reasons }: { score: number; reasons: string[] }) {
  if (score >= 100) return null;
  return (
    <p className={score < 60 ? 'warning' : 'muted'} role="note" aria-label="Key health">
      Health {score}/100: {reasons.join('; ')}.
    </p>
  );
}
