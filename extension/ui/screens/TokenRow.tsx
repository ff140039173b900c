/** One access token: what it reads, until when, from where, when it was last used or refused; Revoke with a confirmation. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TokenInfo, TokensAnswer } from '../../messages/token-protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { day, refusalWords, when } from '../../audit/token-words.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';

export function TokenRow({ vaultId, token: t, canManage, onChanged }: { vaultId: string; token: TokenInfo; canManage: boolean; onChanged: (a: TokensAnswer) => void }) {
  const { run, say, busy } = useUi();
  const [confirming, setConfirming] = useState(false);
  const revokeButton = useRef<HTMLButtonElement>(null);
  // The confirmation's buttons go away when it closes: focus goes back to the button that opened it.
  const refocus = useRef(false);
  const cancel = useCallback(() => ((refocus.current = true), setConfirming(false)), []);
  useEscape(cancel, { inner: confirming });
  useEffect(() => {
    if (!confirming && refocus.current) {
      refocus.current = false;
      revokeButton.current?.focus();
    }
  }, [confirming]);
  const at = `token:${t.id}`;
  const label = t.name ?? t.masked;
  // A vault-wide token held the vault key itself: revoking it also rotates the key (as removing a member does).
  const holdsVaultKey = !t.scope || (t.scope.items === null && t.scope.tags === null && t.scope.environment === null);
  const revoke = () =>
    void run(async () => {
      onChanged(await ask({ type: 'revoke-token', vaultId, tokenId: t.id }));
      setConfirming(false);
      say({
        text: holdsVaultKey
          ? `Revoked “${label}” and rotated the vault key: its next request is refused, and what is written from now on is under a key it never had.`
          : `Revoked “${label}”: its next request is refused, and what it could read was deleted from the server.`,
      });
    }, at);
  return (
    <li className="token" aria-label={`Access token ${label}`}>
      <div className="row spread">
        <strong className="name">{t.name ?? 'Unreadable token'}</strong>
        <span className={`flag ${t.state}`}>{t.state}</span>
      </div>
      <p className="small">
        <code>{t.masked}</code> · reads {t.scopeText}
      </p>
      <dl className="small">
        <dt>Created</dt>
        <dd>
          {day(t.createdAt)}
          {t.by ? ` by ${t.by}` : ''}
        </dd>
        <dt>{t.state === 'revoked' ? 'Revoked' : 'Expires'}</dt>
        <dd>{t.state === 'revoked' ? when(t.revokedAt!) : t.expiresAt ? day(t.expiresAt) : 'never'}</dd>
        <dt>From</dt>
        <dd>{t.allowedIps.length ? t.allowedIps.join(', ') : 'any address'}</dd>
        <dt>Last used</dt>
        <dd>{t.lastUsed ? `${when(t.lastUsed.at)} from ${t.lastUsed.ip}` : 'never used'}</dd>
        {t.lastRefusal && (
          <>
            <dt>Last refused</dt>
            <dd className="warning">
              {when(t.lastRefusal.at)}: {refusalWords(t.lastRefusal.reason)}, from {t.lastRefusal.ip}
            </dd>
          </>
        )}
      </dl>
      {t.problem && (
        <p className="warning small" role="note">
          ⚠ Check this token: {t.problem}.{t.state === 'live' && canManage ? ' Revoke it if you did not expect it.' : ''}
        </p>
      )}
      <ErrorLine at={at} />
      {canManage &&
        t.state === 'live' &&
        (confirming ? (
          <div className="confirm" role="alertdialog" aria-label={`Revoke ${label}?`}>
            <p>
              Revoke “{label}”? Whatever uses it stops working at its next request; this cannot be undone (make a new token instead).
              {holdsVaultKey && ' It could read the whole vault, so the vault key is rotated too.'}
            </p>
            <div className="row">
              <button type="button" className="danger" autoFocus disabled={busy} onClick={revoke}>
                Revoke the token
              </button>
              <button type="button" className="ghost" onClick={cancel}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <button ref={revokeButton} type="button" className="ghost danger small" aria-label={`Revoke ${label}`} onClick={() => setConfirming(true)}>
            Revoke
          </button>
        ))}
    </li>
  );
}
