/**
 * A vault's access tokens for machines (docs/crypto.md §25): each with its scope, expiry, address ranges,
 * last use and last refusal; admins make and revoke them. A made token is shown once, here, and forgotten
 * when the page leaves this screen: KeyHaven keeps no copy, and the server never had one.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TokenInfo, TokensAnswer } from '../../messages/token-protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';
import { TokenForm } from './TokenForm.js';
import { TokenRow } from './TokenRow.js';
import { TokenShown } from './TokenShown.js';

const RUN_EXAMPLE = 'KEYHAVEN_TOKEN=… keyhaven run -- npm test';

export function Tokens({ vaultId }: { vaultId: string }) {
  const { run, show, revision } = useUi();
  const [answer, setAnswer] = useState<TokensAnswer | null>(null);
  const [creating, setCreating] = useState(false);
  /** The text of the token just made: in this component's state only, gone when it unmounts. */
  const [shown, setShown] = useState<{ token: string; made: TokenInfo } | null>(null);
  useEscape(useCallback(() => show({ name: 'members', vaultId }), [show, vaultId]));
  useEffect(() => void run(async () => setAnswer(await ask({ type: 'tokens', vaultId }))), [run, vaultId]);
  // After each sync, quietly (a reload must not clear an error the person is reading): a token revoked
  // or used elsewhere shows here without a reload.
  useEffect(() => {
    if (revision) void ask({ type: 'tokens', vaultId }).then(setAnswer, () => undefined);
  }, [revision, vaultId]);
  if (!answer) return <ErrorLine />;
  const { vault, canManage, tokens } = answer;
  const made = ({ token, made, ...rest }: TokensAnswer & { token: string; made: TokenInfo }) => (setAnswer(rest), setCreating(false), setShown({ token, made }));
  return (
    <section className="stack tokens">
      <button type="button" className="ghost back" onClick={() => show({ name: 'members', vaultId })}>
        ← Members of “{vault.name}”
      </button>
      <h2>Access tokens of “{vault.name}”</h2>
      <ErrorLine />
      {shown && <TokenShown token={shown.token} made={shown.made} onDone={() => setShown(null)} />}
      {tokens.length === 0 ? (
        <div className="empty stack" role="note" aria-label="What an access token is">
          <p>
            <strong>No access tokens yet.</strong>
          </p>
          <p className="muted small">
            A token lets a machine (a CI job, a server) read this vault’s keys, or only some of them, with no account and no password. It can only read, it expires, it can be limited to address ranges, and you can revoke it here at any time.
          </p>
          <p className="muted small">
            In CI, store it as a secret named <code>KEYHAVEN_TOKEN</code> and run <code className="command">{RUN_EXAMPLE}</code>: the keys go into the command’s environment, and nothing is written to the machine’s disk.
          </p>
        </div>
      ) : (
        <>
          <p className="muted small">
            Machines read with these (<code className="command">{RUN_EXAMPLE}</code>). Names and scopes are sealed under the vault key: the server sees only expiry and address ranges, which it enforces.
          </p>
          <ul className="plain token-list" aria-label="Access tokens">
            {tokens.map((t) => (
              <TokenRow key={t.id} vaultId={vaultId} token={t} canManage={canManage} onChanged={setAnswer} />
            ))}
          </ul>
        </>
      )}
      {!canManage ? (
        <p className="muted small" role="note">
          Only {vault.unlisted ? 'the admins of a vault shared with you' : 'admins'} make and revoke access tokens{vault.role ? `; you are ${vault.role === 'editor' ? 'an' : 'a'} ${vault.role} in “${vault.name}”` : ''}.
        </p>
      ) : creating ? (
        <TokenForm vaultId={vaultId} choices={answer.choices} onMade={made} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" className="ghost small" onClick={() => (setShown(null), setCreating(true))}>
          New access token
        </button>
      )}
    </section>
  );
}
