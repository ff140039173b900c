/**
 * What the log can be trusted for, said once above it and only what is true:
 * - a vault kept in this browser only: its entries are signed here when they are made (the worker
 *   checks each signature with this browser's device key), but nothing orders or links them until a
 *   server does, so a missing entry would go unnoticed: that is said, not a "pending" on every line;
 * - a synced vault: the chain verified (signatures and links), or where it breaks; and how many entries
 *   made here still wait to be sent, the only ones marked as not in the chain; out of reach of its server,
 *   that the chain was not read, and that only the entries made here are shown.
 */
import type { AuditAnswer } from '../../messages/audit-protocol.js';

const entries = (n: number) => `${n} entr${n === 1 ? 'y' : 'ies'}`;

export function AuditStatus({ log, team }: { log: AuditAnswer; team: boolean }) {
  const v = log.verification;
  if (!log.onServer) {
    const local = log.local ?? { signed: 0, total: 0 };
    const checked = local.signed === local.total ? (local.total === 1 ? 'its signature checks' : `all ${local.total} signatures check`) : `only ${local.signed} of ${local.total} signatures check`;
    return (
      <p className={`audit-status ${local.signed === local.total ? 'muted' : 'warning'}`} role="status">
        This vault is kept in this browser only: each entry is signed here with its device key{local.total > 0 ? ` (${checked})` : ''}, and linked into a
        tamper-evident chain only once the vault syncs with a server.
      </p>
    );
  }
  if (log.unreachable)
    return (
      <p className="audit-status warning" role="status">
        Could not read or verify the vault’s chain: {log.unreachable}. Shown: only the {entries(log.pending)} made here, which{' '}
        {log.pending === 1 ? 'waits' : 'wait'} to be sent.
      </p>
    );
  const waiting = log.pending > 0 ? ` ${entries(log.pending)} made here ${log.pending === 1 ? 'waits' : 'wait'} to be sent.` : '';
  if (!v) return null;
  if (v.ok)
    return (
      <p className="audit-status verified" role="status">
        ✓ Verified: all {v.verified} entries are signed by {team ? 'the devices of its members' : 'this account’s devices'} and linked in order.{waiting}
      </p>
    );
  return (
    <p className="audit-status error" role="status">
      ✗ The chain breaks at entry {v.seq ?? `#${v.index + 1}`}: {v.reason} — {v.message}. The first {v.verified} entries verify; those after are marked unverified.{waiting}
    </p>
  );
}
