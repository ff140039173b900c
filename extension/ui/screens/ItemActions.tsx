/**
 * A key's actions on its page: reveal or hide, copy (with the warning first when the key is revoked),
 * and for those who may change it edit, rotate, revoke or reactivate, delete. The main (filled) action is
 * what a person most likely came for: the value of an active key; reactivating a revoked one.
 */
import { useCallback, useState } from 'react';
import type { ItemDetail } from '../../messages/protocol.js';
import { ask } from '../client.js';
import { copyValue } from '../copy-value.js';
import { useUi } from '../store.js';
import { RevokedCopy } from './RevokedCopy.js';

export type ItemMode = 'view' | 'edit' | 'rotate' | 'revoke' | 'delete';

interface ActionsProps {
  vaultId: string;
  item: ItemDetail;
  canWrite: boolean;
  revealed: string | null;
  setRevealed(value: string | null): void;
  setMode(mode: ItemMode): void;
  reactivate(): void;
}

export function ItemActions({ vaultId, item, canWrite, revealed, setRevealed, setMode, reactivate }: ActionsProps) {
  const { run, say } = useUi();
  const [asking, setAsking] = useState(false);
  const revoked = item.status === 'revoked';
  const copy = () =>
    void run(async () => {
      const seconds = await copyValue(vaultId, item.id);
      setAsking(false);
      say({ text: `Copied. The clipboard is cleared in ${seconds} s if it still holds the key.` });
    });
  const cancel = useCallback(() => setAsking(false), []);
  return (
    <>
      <div className="actions" role="group" aria-label="Key actions">
        {revealed === null ? (
          <button type="button" className={revoked ? 'ghost' : undefined} onClick={() => void run(async () => setRevealed((await ask({ type: 'reveal', vaultId, itemId: item.id })).value))}>
            Reveal
          </button>
        ) : (
          <button type="button" className={revoked ? 'ghost' : undefined} onClick={() => setRevealed(null)}>
            Hide
          </button>
        )}
        {/* A revoked key's value is rarely what is wanted (its replacement is): not the main action, and a copy asks first. */}
        <button type="button" className={revoked ? 'ghost' : undefined} onClick={revoked ? () => setAsking(true) : copy}>
          Copy
        </button>
        {canWrite && (
          <>
            <button type="button" className="ghost" onClick={() => setMode('edit')}>
              Edit
            </button>
            {/* A signing secret rotates in its Signing keys section, where the overlap window is chosen. */}
            {!item.signingKeys && (
              <button type="button" className="ghost" onClick={() => setMode('rotate')}>
                Rotate
              </button>
            )}
            {revoked ? (
              <button type="button" onClick={reactivate}>
                Reactivate
              </button>
            ) : (
              <button type="button" className="ghost" onClick={() => setMode('revoke')}>
                Revoke
              </button>
            )}
            <button type="button" className="ghost danger" onClick={() => setMode('delete')}>
              Delete
            </button>
          </>
        )}
      </div>
      {asking && <RevokedCopy onCopy={copy} onCancel={cancel} />}
    </>
  );
}
