/** The vault's audit log with the chain's verification status said plainly: verified, or where it breaks. */
import { useEffect, useState } from 'react';
import type { AuditAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { targetVault, useUi } from '../store.js';
import { VaultSwitcher } from '../VaultSwitcher.js';
import { AuditEntries } from './AuditEntries.js';
import { ErrorLine } from './ErrorLine.js';

export function AuditLog() {
  const { run, vaults, vault: shown } = useUi();
  const vault = targetVault(vaults, shown);
  const [log, setLog] = useState<AuditAnswer | null>(null);
  const [member, setMember] = useState('');
  const members = [...new Set((log?.entries ?? []).flatMap((e) => (e.member ? [e.member] : [])))].sort();
  useEffect(() => {
    setLog(null);
    setMember('');
    void run(async () => setLog(await ask({ type: 'audit', vaultId: vault?.id })));
  }, [run, vault?.id]);
  const v = log?.verification;
  return (
    <section className="stack">
      <h2>Audit log{vaults.length > 1 && vault ? ` of “${vault.name}”` : ''}</h2>
      <VaultSwitcher all={false} />
      <ErrorLine />
      {!log ? (
        <p className="muted">Fetching and verifying the chain…</p>
      ) : !log.onServer ? (
        <p className="muted" role="status">
          This vault lives only in this browser. These entries are signed into a hash chain when you connect a sync server.
        </p>
      ) : v?.ok ? (
        <p className="verified" role="status">
          ✓ Verified: all {v.verified} entries are signed by {vault?.role ? 'the devices of its members' : 'this account’s devices'} and linked in order.
        </p>
      ) : v ? (
        <p className="error" role="status">
          ✗ The chain breaks at entry {v.seq ?? `#${v.index + 1}`}: {v.reason} — {v.message}. The first {v.verified} entries verify.
        </p>
      ) : null}
      {members.length > 1 && (
        <label className="inline switcher">
          <span>Member</span>
          <select aria-label="Member" value={member} onChange={(e) => setMember(e.target.value)}>
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      )}
      {log && <AuditEntries entries={member ? log.entries.filter((e) => e.member === member) : log.entries} />}
    </section>
  );
}
