/**
 * Audit entries as a table: when, what, which device, and the decrypted detail. The sync engine's
 * write records (proofs of what the server stores) are listed only when asked for.
 */
import { useId, useState } from 'react';
import type { AuditAnswer } from '../../messages/protocol.js';
import { tokenEntryWords } from '../token-words.js';

function describe(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

function tokenName(detail: unknown): [string, string][] {
  const d = detail as { tokenId?: unknown; name?: unknown } | null;
  return d && typeof d.tokenId === 'string' && typeof d.name === 'string' ? [[d.tokenId, d.name]] : [];
}

export function AuditEntries({ entries: all }: { entries: AuditAnswer['entries'] }) {
  const [withProofs, setWithProofs] = useState(false);
  const toggleId = useId();
  const proofs = all.filter((e) => e.proof).length;
  const entries = withProofs ? all : all.filter((e) => !e.proof);
  // A token's use or refusal names only its id: its name comes from the entry that made it.
  const tokenNames = new Map(all.flatMap((e) => (e.action === 'token.create' ? tokenName(e.detail) : [])));
  const toggle = proofs > 0 && (
    <label className="inline" htmlFor={toggleId}>
      <input id={toggleId} type="checkbox" checked={withProofs} onChange={(e) => setWithProofs(e.target.checked)} /> Show the {proofs} write
      record{proofs === 1 ? '' : 's'} (the sync’s signed proof of each stored change)
    </label>
  );
  if (entries.length === 0)
    return (
      <>
        <p className="muted">No audit entries yet.</p>
        {toggle}
      </>
    );
  return (
    <>
    {toggle}
    <table className="audit">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Action</th>
          <th scope="col">Who</th>
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
            <td>{e.member ? `${e.member} · ${e.device}` : e.device}</td>
            <td>{tokenEntryWords(e.action, e.detail, tokenNames, e.at) ?? describe(e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}
