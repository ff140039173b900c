/**
 * After a members warning: the server's member list, verified from its start, with every fingerprint.
 * Once the person compared each with its member over a channel they trust, this browser takes it as its
 * record of the vault. The request names the revision and digits shown; anything else is refused.
 */
import { useCallback, useState } from 'react';
import type { Answers, MembersAnswer } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { Fingerprint } from '../Fingerprint.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';

export function TrustRoster({ vaultId, onTrusted }: { vaultId: string; onTrusted: (a: MembersAnswer) => void }) {
  const { run, say, busy } = useUi();
  const [shown, setShown] = useState<Answers['roster-to-trust'] | null>(null);
  useEscape(useCallback(() => setShown(null), []), { inner: shown !== null });
  const look = () => void run(async () => setShown(await ask({ type: 'roster-to-trust', vaultId })));
  const trust = () =>
    void run(async () => {
      onTrusted(await ask({ type: 'trust-roster', vaultId, revision: shown!.revision, fingerprints: shown!.members.map((m) => m.fingerprint) }));
      setShown(null);
      say({ text: 'This browser now trusts the member list you compared.' });
    });
  if (!shown) {
    return (
      <section className="panel stack" aria-label="Members warning">
        <p className="warning small">This browser’s record of who is in this vault disagrees with what the server sends (see the security warning above).</p>
        <button type="button" className="ghost small" onClick={look}>
          Compare the server’s member list…
        </button>
      </section>
    );
  }
  return (
    <section className="panel stack" aria-label="The server's member list">
      <h3>The server’s member list (revision {shown.revision})</h3>
      <p className="small">Compare each fingerprint with its person (in their Settings, or <code>keyhaven whoami</code>) over a call or in person. Trust the list only if every one matches.</p>
      <ul className="plain members">
        {shown.members.map((m) => (
          <li key={m.accountId} className="member">
            <span>
              <strong className="email">{m.email}</strong> <span className="muted">{m.role}</span>
            </span>
            <Fingerprint value={m.fingerprint} label={`Fingerprint of ${m.email}`} />
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" disabled={busy} onClick={trust}>
          Every fingerprint matched: trust this list
        </button>
        <button type="button" className="ghost" onClick={() => setShown(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
