/** Audit entries as a table: when, what, which device, and the decrypted detail. */
import type { AuditAnswer } from '../../messages/protocol.js';

function describe(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

export function AuditEntries({ entries }: { entries: AuditAnswer['entries'] }) {
  if (entries.length === 0) return <p className="muted">No audit entries yet.</p>;
  return (
    <table className="audit">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Action</th>
          <th scope="col">Device</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={`${e.seq}-${i}`}>
            <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
            <td>
              {e.action}
              {e.pending && <span className="muted"> (not yet in the chain)</span>}
            </td>
            <td>{e.device}</td>
            <td>{describe(e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
