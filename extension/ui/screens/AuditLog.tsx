/**
 * The vault's audit log: what it can be trusted for (AuditStatus), a search and menus (AuditFilters),
 * the entries as sentences (AuditEntries) and an export of what is shown (AuditExport). The worker
 * reads, verifies, words and filters; this screen asks again when the filters change (from the rows the
 * worker made last) and reads the chain afresh when it opens, when the vault changes, or after a sync.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditAnswer } from '../../messages/audit-protocol.js';
import { ask } from '../client.js';
import { targetVault, useUi } from '../store.js';
import { VaultSwitcher } from '../VaultSwitcher.js';
import { AuditEntries } from './AuditEntries.js';
import { AuditExport } from './AuditExport.js';
import { AuditFilters, filterOf, narrowed, NO_QUERY, type AuditQuery } from './AuditFilters.js';
import { AuditStatus } from './AuditStatus.js';
import { ErrorLine } from './ErrorLine.js';
import '../audit-log.css';

export function AuditLog() {
  const { run, vaults, vault: shown, revision } = useUi();
  const vault = targetVault(vaults, shown);
  const vaultId = vault?.id;
  const [log, setLog] = useState<AuditAnswer | null>(null);
  const [query, setQuery] = useState<AuditQuery>(NO_QUERY);
  const latest = useRef({ asked: 0, query: NO_QUERY });

  // Only the answer to the newest question is shown: a slow fresh read must not overwrite a filter typed since.
  const load = useCallback(
    async (q: AuditQuery, fresh: boolean) => {
      const n = ++latest.current.asked;
      const answer = await ask({ type: 'audit', vaultId, filter: filterOf(q), fresh });
      if (n === latest.current.asked) setLog(answer);
    },
    [vaultId],
  );

  useEffect(() => {
    setLog(null);
    setQuery(NO_QUERY);
    latest.current.query = NO_QUERY;
    void run(() => load(NO_QUERY, true));
  }, [run, load]);

  // Another device's entries arrive with a sync: read again, quietly, keeping the filters.
  const opened = useRef(revision);
  useEffect(() => {
    if (revision === opened.current) return;
    opened.current = revision;
    void load(latest.current.query, true).catch(() => undefined);
  }, [revision, load]);

  const set = (change: Partial<AuditQuery>) => {
    const next = { ...latest.current.query, ...change };
    setQuery(next);
    latest.current.query = next;
    void run(() => load(next, false));
  };

  const filtered = log !== null && (narrowed(query) || query.proofs);
  return (
    <section className="stack audit-screen">
      <h2>Audit log{vaults.length > 1 && vault ? ` of “${vault.name}”` : ''}</h2>
      <VaultSwitcher all={false} />
      <ErrorLine />
      {!log ? (
        <p className="muted">Fetching and verifying the chain…</p>
      ) : (
        <>
          <AuditStatus log={log} team={Boolean(vault?.role)} />
          {log.total + log.proofs > 0 && <AuditFilters query={query} set={set} facets={log.facets} proofs={log.proofs} />}
          {filtered && (
            <p className="muted small" role="status" aria-label="Entries shown">
              {log.entries.length} of {log.total + (query.proofs ? log.proofs : 0)} entries match.
            </p>
          )}
          <AuditEntries entries={log.entries} empty={narrowed(query) ? 'No entries match these filters.' : 'No audit entries yet.'} />
          {log.entries.length > 0 && <AuditExport entries={log.entries} vault={vault?.name ?? 'vault'} />}
        </>
      )}
    </section>
  );
}
