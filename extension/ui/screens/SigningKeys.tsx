/**
 * A signing secret's key set on its page (docs/crypto.md §14): which key signs, which still verify and
 * until when, and per key Revoke (stops signing and verifying at once) or Reactivate; then a rotation
 * with an overlap window. The page never sees a key's secret: the background answers with ids and times.
 */
import { useId, useState, type FormEvent } from 'react';
import type { SigningKeyInfo } from '../../../shared/index.js';
import type { ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine, useFormError } from './ErrorLine.js';
import { ROTATE_AT, RotateSigningKey, when } from './RotateSigningKey.js';
import { FormActions } from './FormActions.js';

function stateWords(key: SigningKeyInfo): string {
  switch (key.state) {
    case 'current':
      return key.signs ? 'Signs and verifies' : 'Current; not signing: the item is revoked';
    case 'overlap':
      return key.verifies ? `Verifies until ${when(key.verifiesUntil!)}` : `Window until ${when(key.verifiesUntil!)}; not verifying: the item is revoked`;
    case 'ended':
      return `Ended ${when(key.verifiesUntil!, false)}`;
    case 'revoked':
      return `Revoked: ${key.revokedReason}`;
  }
}

/** The colour repeats the words: green signs, amber only verifies, grey does neither, red was revoked. */
const tone = (key: SigningKeyInfo) => (key.state === 'revoked' ? 'revoked' : !key.verifies ? 'ended' : key.state);

/** A revoked key verifies again only inside its window (shared/vault/signing-keys.ts refuses otherwise). */
const canReactivate = (key: SigningKeyInfo) => key.state === 'revoked' && (key.verifiesUntil === null || Date.parse(key.verifiesUntil) > Date.now());

export function SigningKeys({ item, canWrite, onChange }: { item: ItemDetail; canWrite: boolean; onChange: (next: ItemDetail) => void }) {
  const { run, say, refreshList, busy } = useUi();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const keys = item.signingKeys;
  if (!keys) return null;
  const ref = { vaultId: item.vaultId, itemId: item.id };

  /** Errors show in the form or key row that caused them (`at`), not under the page title. */
  const apply = (at: string, work: () => Promise<ItemDetail>, message: string) =>
    void run(async () => {
      onChange(await work());
      setRevoking(null);
      setRotating(false);
      say({ text: message });
      await refreshList();
    }, at);

  return (
    <section className="stack signing" aria-label="Signing keys">
      <h3>Signing keys</h3>
      {item.status === 'revoked' ? (
        <p className="warning">“{item.name}” is revoked: no key signs or verifies until it is reactivated.</p>
      ) : (
        <p className="muted small">The current key signs; an older key verifies until its window ends. Revoking a key stops both at once.</p>
      )}
      <ul className="plain signing-keys" aria-label={`Signing keys of ${item.name}`}>
        {keys.map((key) => (
          <li key={key.id} aria-label={`Signing key ${key.id}`}>
            <span className="row spread wrap">
              <code>{key.id}</code>
              <span className={`key-state ${tone(key)}`}>{stateWords(key)}</span>
            </span>
            <span className="muted small">Created {when(key.createdAt)}</span>
            {canWrite && revoking !== key.id && (key.state === 'current' || key.state === 'overlap' || canReactivate(key)) && (
              <span className="row">
                {key.state === 'revoked' ? (
                  <button type="button" className="ghost small" disabled={busy} aria-label={`Reactivate signing key ${key.id}`} onClick={() => apply(`key:${key.id}`, () => ask({ type: 'reactivate-signing-key', ...ref, keyId: key.id }), `Reactivated signing key ${key.id}.`)}>
                    Reactivate
                  </button>
                ) : (
                  <button type="button" className="ghost danger small" aria-label={`Revoke signing key ${key.id}`} onClick={() => setRevoking(key.id)}>
                    Revoke
                  </button>
                )}
              </span>
            )}
            {revoking === key.id && (
              <RevokeKey keyId={key.id} busy={busy} onCancel={() => setRevoking(null)} onRevoke={(reason) => apply(`revoke:${key.id}`, () => ask({ type: 'revoke-signing-key', ...ref, keyId: key.id, reason }), `Revoked signing key ${key.id}: it neither signs nor verifies.`)} />
            )}
            <ErrorLine at={`key:${key.id}`} />
          </li>
        ))}
      </ul>
      {canWrite &&
        (rotating ? (
          <RotateSigningKey busy={busy} onCancel={() => setRotating(false)} onRotate={(r) => apply(ROTATE_AT, () => ask({ type: 'rotate-signing-key', ...ref, ...r }), `Rotated the signing key of “${item.name}”.`)} />
        ) : (
          <span className="row">
            <button type="button" className="ghost" onClick={() => setRotating(true)}>
              Rotate signing key
            </button>
          </span>
        ))}
    </section>
  );
}

function RevokeKey({ keyId, busy, onRevoke, onCancel }: { keyId: string; busy: boolean; onRevoke: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const error = useFormError(`revoke:${keyId}`);
  const errorId = useId();
  useEscape(onCancel, { inner: true });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRevoke(reason);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label={`Revoke signing key ${keyId}`}>
      <label>
        Why revoke {keyId}?
        <input required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. leaked in a log" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
      </label>
      <p className="muted small">It stops signing and verifying at once, on every device after the next sync.</p>
      <ErrorLine at={`revoke:${keyId}`} id={errorId} />
      <FormActions label="Revoke this key" busy={busy} onCancel={onCancel} danger />
    </form>
  );
}
