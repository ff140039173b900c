/**
 * A token just made, shown this once: KeyHaven stores no copy and the server never had it, so a token
 * that is lost is revoked and made again. Copying goes through the same clearing as a copied key.
 */
import { useEffect, useId, useRef } from 'react';
import type { TokenInfo } from '../../messages/token-protocol.js';
import { ask } from '../client.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

export function TokenShown({ token, made, onDone }: { token: string; made: TokenInfo; onDone: () => void }) {
  const { run, say } = useUi();
  const field = useRef<HTMLInputElement>(null);
  const noteId = useId();
  // Focus lands on the token, so a screen reader reads the note with it and the keyboard is one Tab from Copy.
  useEffect(() => field.current?.focus(), []);
  const copy = () =>
    void run(async () => {
      await navigator.clipboard.writeText(token);
      const { clearAfterSeconds } = await ask({ type: 'token-copied', token });
      say({ text: `Copied. The clipboard is cleared in ${clearAfterSeconds} s if it still holds the token.` });
    }, 'token:shown');
  return (
    <section className="panel stack token-shown" aria-label="New access token">
      <h3>“{made.name}” is ready: copy it now</h3>
      <div className="row">
        <input ref={field} className="token-text" readOnly value={token} aria-label="New access token" aria-describedby={noteId} spellCheck={false} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <ErrorLine at="token:shown" />
      <p id={noteId} className="warning small">
        Shown only this once: KeyHaven keeps no copy, and the server never had it. Store it in your CI’s secrets as <code>KEYHAVEN_TOKEN</code> now; if it is lost, revoke it and make a new one.
      </p>
      <button type="button" className="ghost small" onClick={onDone}>
        I stored it: hide the token
      </button>
    </section>
  );
}
