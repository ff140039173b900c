/**
 * Audit entries as sentences (worded in the worker: extension/audit/words.ts), each with who did it, on
 * which device, and when: relative while recent, the exact time in a tooltip. A table, so a screen
 * reader can move by row and column; two columns, so it fits the popup without wrapping the time.
 * An entry is marked only where its place is not the verified chain's: waiting to be sent, or after
 * the point where the chain breaks.
 */
import type { AuditRow } from '../../messages/audit-protocol.js';
import { When } from '../When.js';
import '../audit-log.css';

const MARKS: Partial<Record<AuditRow['trust'], { text: string; title: string }>> = {
  pending: { text: 'not in the chain yet', title: 'Signed by this browser; it joins the vault’s chain at the next sync.' },
  unverified: { text: 'unverified', title: 'After the point where the chain breaks: nothing vouches for this entry.' },
};

function who(row: AuditRow): string {
  const person = row.mine ? 'You' : row.member;
  return person ? `${person} · ${row.device}` : row.device;
}

export function AuditEntries({ entries, empty = 'No audit entries yet.' }: { entries: readonly AuditRow[]; empty?: string }) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  const now = Date.now();
  return (
    <table className="audit-log">
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col" className="when">
            When
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((row) => {
          const mark = MARKS[row.trust];
          return (
            <tr key={row.id} data-action={row.action}>
              <td>
                <span className="sentence">{row.sentence}</span>
                {mark && (
                  <span className={`flag ${row.trust}`} title={mark.title}>
                    {mark.text}
                  </span>
                )}
                <span className="who">{who(row)}</span>
              </td>
              <td className="when">
                <When at={row.at} now={now} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
