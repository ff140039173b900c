/**
 * Inviting someone: their email, then the fingerprint their keys give, computed here, to compare with
 * what they read out from their own Settings. Only "the digits match" sends the invitation, and it
 * names those digits: a key the server swaps in between is refused by the background.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ROLES, type TeamRole } from '../../../shared/index.js';
import type { MembersAnswer, PersonInfo } from '../../messages/protocol.js';
import { ask, BackgroundRefusal } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';

export function InviteForm({ vaultId, onInvited, initial }: { vaultId: string; onInvited: (a: MembersAnswer) => void; initial?: { email: string; role: TeamRole } }) {
  const { run, say, busy } = useUi();
  const [email, setEmail] = useState(initial?.email ?? '');
  const [role, setRole] = useState<TeamRole>(initial?.role ?? 'editor');
  const [person, setPerson] = useState<PersonInfo | null>(null);
  /** The email has no account yet: the invitation can wait for it. */
  const [missing, setMissing] = useState<string | null>(null);
  const find = useCallback(
    (address: string) =>
      void run(async () => {
        setMissing(null);
        try {
          setPerson(await ask({ type: 'find-person', email: address }));
        } catch (error) {
          if (!(error instanceof BackgroundRefusal && error.code === 'not-found')) throw error;
          setMissing(address);
        }
      }, 'invite'),
    [run],
  );
  // Opened from a waiting invitation whose account exists now: straight to the comparison.
  useEffect(() => {
    if (initial) find(initial.email);
  }, [initial, find]);
  // The comparison replaces the form: focus moves to its heading, so a screen reader reads it out.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [person]);
  const back = useCallback(() => (setPerson(null), setMissing(null)), []);
  useEscape(back, { inner: Boolean(person || missing) });
  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    find(email);
  };
  const later = () =>
    void run(async () => {
      onInvited(await ask({ type: 'invite-later', vaultId, email: missing!, role }));
      say({ text: `KeyHaven will remind you once ${missing} has an account.` });
      setMissing(null);
      setEmail('');
    }, 'invite');
  const invite = () =>
    void run(async () => {
      onInvited(await ask({ type: 'invite', vaultId, email: person!.email, role, fingerprint: person!.fingerprint }));
      say({ text: `Invited ${person!.email} as ${role}. They accept from their Vaults page.` });
      setPerson(null);
      setEmail('');
    }, 'invite');

  if (missing) {
    return (
      <section className="panel stack" aria-label={`No account for ${missing}`}>
        <p>
          No KeyHaven account uses <strong>{missing}</strong> on this server yet.
        </p>
        <p className="muted small">KeyHaven can remember the invitation ({role}) for 30 days: once they sign up, this page says so, and you compare their fingerprint and invite them. Nothing is shared before that.</p>
        <ErrorLine at="invite" />
        <div className="row">
          <button type="button" disabled={busy} onClick={later}>
            Invite when they sign up
          </button>
          <button type="button" className="ghost" onClick={() => setMissing(null)}>
            Cancel
          </button>
        </div>
      </section>
    );
  }
  if (person) {
    return (
      <section className="panel stack" aria-label={`Invite ${person.email}`}>
        <h3 tabIndex={-1} ref={heading}>
          Invite {person.email} as {role}
        </h3>
        {person.changedFrom ? (
          <p role="alert" className="error">
            The keys of {person.email} changed since this browser saw them (was {person.changedFrom}). That happens when they reset their account, or when someone is in between. Ask them before you go on; KeyHaven will not invite them with these keys.
          </p>
        ) : person.verified ? (
          <p className="verified small">You compared {person.email}’s fingerprint before; it has not changed.</p>
        ) : (
          <>
            <p className="small">
              Ask {person.email} to read you the fingerprint in their KeyHaven Settings (or <code>keyhaven whoami</code>), over a call or in person. It must be:
            </p>
            <Fingerprint value={person.fingerprint} label={`Fingerprint of ${person.email}`} />
            <p className="muted small">If a single digit differs, do not invite: someone may be in between.</p>
          </>
        )}
        <ErrorLine at="invite" />
        <div className="row">
          {!person.changedFrom && (
            <button type="button" disabled={busy} onClick={invite}>
              {person.verified ? 'Invite' : 'The digits match: invite'}
            </button>
          )}
          <button type="button" className="ghost" onClick={() => setPerson(null)}>
            Cancel
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="stack panel" onSubmit={lookUp} aria-label="Invite someone">
      <h3>Invite someone</h3>
      <div className="row">
        <input type="email" aria-label="Their email" placeholder="their email, as they signed up" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <select aria-label="Their role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">Viewers read and copy keys; editors also add and change them; admins also manage members.</p>
      <ErrorLine at="invite" />
      <button type="submit" disabled={busy}>
        Look up their fingerprint
      </button>
    </form>
  );
}
