/**
 * A vault's members as its signed roster says: role, fingerprint and whether you compared it; for an
 * admin, roles, removal (the key is rotated for the others) and invitations; the keys a former member
 * could read until they are rotated at the provider; rename and leave.
 */
import { plural } from '../plural.js';
import { useCallback, useEffect, useState } from 'react';
import { ROLES, type TeamRole } from '../../../shared/index.js';
import type { MemberInfo, MembersAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { ProgressLine } from '../ProgressLine.js';
import { shownDay } from '../relative-time.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';
import { InviteForm } from './InviteForm.js';
import { TrustRoster } from './TrustRoster.js';
import { VaultSettings } from './VaultSettings.js';
import { KeyRotation } from './KeyRotation.js';

const day = (iso: string) => shownDay(iso, Date.now());
/** Findings a person resolves by comparing fingerprints and trusting the list (docs/teams.md). */
const MEMBER_FINDINGS = new Set(['roster-forked', 'roster-unpinned', 'key-changed']);

export function Members({ vaultId }: { vaultId: string }) {
  const { run, show, revision, warnings } = useUi();
  const [answer, setAnswer] = useState<MembersAnswer | null>(null);
  const [finishing, setFinishing] = useState<{ email: string; role: TeamRole } | null>(null);
  useEscape(useCallback(() => show({ name: 'vaults' }), [show]));
  const load = useCallback(() => void run(async () => setAnswer(await ask({ type: 'members', vaultId }))), [run, vaultId]);
  useEffect(load, [load]);
  // After each sync, quietly: a reload must not clear an error the person is reading.
  useEffect(() => {
    if (revision) void ask({ type: 'members', vaultId }).then(setAnswer, () => undefined);
  }, [revision, vaultId]);
  if (!answer) return <ErrorLine />;
  const { vault } = answer;
  const admin = vault.role === 'admin' || vault.role === null;
  return (
    <section className="stack">
      <button type="button" className="ghost back" onClick={() => show({ name: 'vaults' })}>
        ← Vaults
      </button>
      <h2>Members of “{vault.name}”</h2>
      <ErrorLine />
      <ProgressLine />
      {warnings.some((w) => w.vault === vault.name && !w.item && MEMBER_FINDINGS.has(w.reason)) && <TrustRoster vaultId={vaultId} onTrusted={setAnswer} />}
      {answer.revision === null ? (
        <p className="muted">Only you can open this vault. Invite someone to share it: they get its keys wrapped to their own key, after you compared their fingerprint.</p>
      ) : (
        <>
          <p className="muted small">As signed by its admins (roster revision {answer.revision}): a server that changes it is caught by every member’s browser.</p>
          <ul className="plain members" aria-label="Members">
            {answer.members.map((m) => (
              <Member key={m.accountId} vaultId={vaultId} member={m} canManage={vault.role === 'admin' && !m.you} onChanged={setAnswer} />
            ))}
          </ul>
        </>
      )}
      {answer.exposed.length > 0 && (
        <section className="panel stack" aria-label="Exposed keys">
          <h3>Exposed: rotate these at the provider</h3>
          <p className="muted small">A former member could read their current values. Each leaves this list once you rotate it (a new value from the provider) or revoke it.</p>
          <ul className="plain">
            {answer.exposed.map((e) => (
              <li key={e.itemId}>
                <button type="button" className="ghost" onClick={() => show({ name: 'item', vaultId, itemId: e.itemId })}>
                  {e.name}
                </button>{' '}
                <span className="muted small">readable by {e.to.map((t) => `${t.email} (gone since ${day(t.at)})`).join(', ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {answer.waiting.length > 0 && (
        <section className="panel stack" aria-label="Waiting for an account">
          <h3>Waiting for an account</h3>
          <ul className="plain">
            {answer.waiting.map((w) => (
              <li key={w.email} className="row spread">
                <span>
                  {w.email} <span className="muted small">as {w.role}, since {day(w.at)}</span>
                </span>
                {w.ready ? (
                  <button type="button" className="small" onClick={() => setFinishing({ email: w.email, role: w.role })}>
                    Has an account now: compare and invite
                  </button>
                ) : (
                  <span className="muted small">not signed up yet</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {admin && <InviteForm key={finishing?.email ?? ''} vaultId={vaultId} initial={finishing ?? undefined} onInvited={(a) => (setFinishing(null), setAnswer(a))} />}
      {answer.former.length > 0 && (
        <p className="muted small">Former members: {answer.former.map((f) => `${f.email} (${day(f.at)})`).join(', ')}.</p>
      )}
      <KeyRotation vault={vault} onChanged={load} />
      <VaultSettings vault={vault} onRenamed={load} />
    </section>
  );
}

function Member({ vaultId, member: m, canManage, onChanged }: { vaultId: string; member: MemberInfo; canManage: boolean; onChanged: (a: MembersAnswer) => void }) {
  const { run, say, busy, refreshList } = useUi();
  const [confirming, setConfirming] = useState(false);
  const cancel = useCallback(() => setConfirming(false), []);
  useEscape(cancel, { inner: confirming });
  const setRole = (role: TeamRole) => void run(async () => (onChanged(await ask({ type: 'change-role', vaultId, accountId: m.accountId, role })), say({ text: `${m.email} is now ${role}.` })));
  const remove = () =>
    void run(async () => {
      const done = await ask({ type: 'remove-member', vaultId, accountId: m.accountId });
      onChanged(done);
      setConfirming(false);
      await refreshList();
      const tokens = done.tokensRevoked ? ` ${plural(done.tokensRevoked, 'access token was', 'access tokens were')} revoked: ${m.email} could read their keys. Make new ones in the vault's Access tokens.` : '';
      say({ text: `Removed ${m.email}. The vault key is now version ${done.keyVersion}, shared with the ${plural(done.members.length, 'remaining member')}.${tokens}` });
    });
  return (
    <li className="member">
      <div className="row spread">
        <span>
          <strong className="email">{m.email}</strong> {m.you && <span className="muted">(you)</span>} {m.status === 'left' && <span className="flag">not in the vault</span>}
          {m.status === 'invited' && <span className="flag">invited, not accepted yet</span>}
        </span>
        {canManage ? (
          <select aria-label={`Role of ${m.email}`} value={m.role} disabled={busy} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">{m.role}</span>
        )}
      </div>
      <div className="row spread small">
        <Fingerprint value={m.fingerprint} label={`Fingerprint of ${m.email}`} />
        <span className={m.verified ? 'verified' : 'muted'}>{m.you ? '' : m.verified ? 'compared' : 'not compared by you'}</span>
      </div>
      {m.status === 'left' && canManage && <p className="warning small">They left the vault or declined the invitation. Remove them to rotate its key and flag what they could read.</p>}
      {canManage &&
        (confirming ? (
          <div className="confirm" role="alertdialog" aria-label={`Remove ${m.email}?`}>
            <p>Remove {m.email}? Their access ends now; the vault key is rotated and shared with the others only, and keys they could read are listed to rotate at the provider.</p>
            <div className="row">
              <button type="button" className="danger" autoFocus disabled={busy} onClick={remove}>
                Remove and rotate the key
              </button>
              <button type="button" className="ghost" onClick={() => setConfirming(false)}>
                Keep them
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="ghost danger small" onClick={() => setConfirming(true)}>
            Remove
          </button>
        ))}
    </li>
  );
}
