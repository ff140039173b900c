/**
 * Vaults: each with its role, members and what needs doing; a new vault; and the invitations waiting,
 * each accepted only after the person compared the inviter's fingerprint with them out of band.
 */
import { plural } from '../plural.js';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { InvitationInfo } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function Vaults() {
  const { vaults, server, show, run, refreshList, say, busy, setVault, revision } = useUi();
  const [invitations, setInvitations] = useState<InvitationInfo[] | null>(null);
  const [name, setName] = useState('');
  // Quietly: a reload after a sync must not clear an error the person is reading.
  const loadInvitations = useCallback(() => {
    if (server) void ask({ type: 'invitations' }).then((a) => setInvitations(a.invitations), () => undefined);
  }, [server]);
  // Looked at again after each sync: an invitation sent meanwhile shows up without a reload.
  useEffect(loadInvitations, [loadInvitations, revision]);

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const made = await ask({ type: 'create-vault', name });
      setName('');
      await refreshList();
      say({ text: `Created “${made.name}”.${server ? ' Share it from its card below.' : ''}` });
    }, 'create-vault');
  };

  return (
    <section className="stack">
      <h2>Vaults</h2>
      <p className="muted small">Each vault has its own key. Keep personal keys in one, and share another with a team: its members get the vault key wrapped to their own key, after you compare fingerprints.</p>
      <ErrorLine />
      {invitations && invitations.length > 0 && (
        <section className="stack" aria-label="Invitations">
          <h3>Invitations</h3>
          {invitations.map((inv) => (
            <Invitation key={inv.vaultId} invitation={inv} onDone={loadInvitations} />
          ))}
        </section>
      )}
      <ul className="plain vaults" aria-label="Your vaults">
        {vaults.map((v) => (
          <li key={v.id} className="panel">
            <div className="row spread">
              <strong className="name">{v.name}</strong>
              <span className="muted small">{v.unlisted ? 'read-only' : v.role ? `${v.role} · ${v.members} member${v.members === 1 ? '' : 's'}` : 'only you'}{v.default ? ' · default' : ''}</span>
            </div>
            <p className="muted small">
              {v.items === 0 ? 'No keys' : v.items === 1 ? '1 key' : `${v.items} keys`}
              {v.keyVersion > 1 && ` · vault key rotated ${v.keyVersion - 1} time${v.keyVersion === 2 ? '' : 's'}`}
              {v.unlisted && ' · no longer shared with you: what this browser had is kept, read-only, and not synced'}
            </p>
            {v.exposed > 0 && (
              <p className="warning small" role="note">
                {plural(v.exposed, 'key')} a former member could read: rotate them at the provider.
              </p>
            )}
            <div className="actions">
              <button type="button" className="ghost" onClick={() => (setVault(v.id), show({ name: 'list' }))}>
                Show keys
              </button>
              {server && !v.unlisted && (
                <button type="button" className="ghost" onClick={() => show({ name: 'members', vaultId: v.id })}>
                  {v.role ? 'Members' : 'Share'}
                </button>
              )}
              {v.unlisted && <RemoveCopy vaultId={v.id} name={v.name} />}
              {!v.default && !v.unlisted && (
                <button type="button" className="ghost" onClick={() => void run(async () => (await ask({ type: 'default-vault', vaultId: v.id }), await refreshList(), say({ text: `New keys now go to “${v.name}” unless you pick another vault.` })))}>
                  Make default
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={create} aria-label="New vault">
        <input aria-label="New vault name" placeholder="e.g. Payments team" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={busy}>
          Create vault
        </button>
      </form>
      <ErrorLine at="create-vault" />
      {!server && <p className="muted small">Sharing a vault needs an account on a sync server (Settings → Sync).</p>}
    </section>
  );
}

function Invitation({ invitation: inv, onDone }: { invitation: InvitationInfo; onDone: () => void }) {
  const { run, refreshList, say, busy } = useUi();
  const title = inv.name ?? 'a vault';
  const accept = () =>
    void run(async () => {
      const joined = await ask({ type: 'accept-invitation', vaultId: inv.vaultId, fingerprint: inv.from!.fingerprint });
      await refreshList();
      onDone();
      say({ text: `Joined “${joined.name}” as ${joined.role}.` });
    }, `invitation:${inv.vaultId}`);
  const decline = () => void run(async () => (await ask({ type: 'decline-invitation', vaultId: inv.vaultId }), onDone(), say({ text: `Declined the invitation to “${title}”.` })), `invitation:${inv.vaultId}`);
  return (
    <article className="panel stack" aria-label={`Invitation to ${title}`}>
      <p>
        <strong>{inv.from?.email ?? 'Someone'}</strong> invites you to <strong>“{title}”</strong> as {inv.role}.
      </p>
      {inv.problem || !inv.from ? (
        <p role="alert" className="error">
          This invitation cannot be accepted: {inv.problem ?? 'it could not be checked'}. Ask the person who sent it to invite you again.
        </p>
      ) : inv.from.verified ? (
        <p className="verified small">You compared {inv.from.email}’s fingerprint before; it has not changed.</p>
      ) : (
        <>
          <p className="small">
            Before you accept, ask {inv.from.email} to read you the fingerprint in their KeyHaven Settings (or <code>keyhaven whoami</code>), over a call or in person. It must be:
          </p>
          <Fingerprint value={inv.from.fingerprint} label={`Fingerprint of ${inv.from.email}`} />
          <p className="muted small">If a single digit differs, someone may be in between: decline.</p>
        </>
      )}
      <ErrorLine at={`invitation:${inv.vaultId}`} />
      <div className="row">
        {!inv.problem && inv.from && (
          <button type="button" disabled={busy} onClick={accept}>
            {inv.from.verified ? 'Accept' : 'The digits match: accept'}
          </button>
        )}
        <button type="button" className="ghost" disabled={busy} onClick={decline}>
          Decline
        </button>
      </div>
    </article>
  );
}

/** Drops the copy of a vault that is no longer shared with this account. */
function RemoveCopy({ vaultId, name }: { vaultId: string; name: string }) {
  const { run, refreshList, say, busy } = useUi();
  return (
    <button type="button" className="ghost danger" disabled={busy} onClick={() => void run(async () => (await ask({ type: 'leave-vault', vaultId }), await refreshList(), say({ text: `Removed “${name}” from this browser.` })))}>
      Remove from this browser
    </button>
  );
}
