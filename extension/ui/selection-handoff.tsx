/**
 * The tab page opened by "Save selection to KeyHaven" (background/selection.ts) has `?take=<token>` in
 * its address, never the text. Once the vault is open (unlocked, or made, first), the token goes to the
 * add form, which takes the text from the background; until then the page says what it will do. The
 * token leaves the address at once, so a reload or a bookmark does not ask for it again.
 */
import { useEffect, useState } from 'react';
import { SELECTION_TOKEN } from '../messages/selection-token.js';
import { useUi } from './store.js';

function tokenInAddress(): string | null {
  const token = new URLSearchParams(location.search).get('take');
  if (token === null) return null;
  history.replaceState(null, '', location.pathname);
  return SELECTION_TOKEN.test(token) ? token : null;
}

/** Whether a selection waits for the vault to open. */
export function useSelectionHandoff(): boolean {
  const phase = useUi((s) => s.phase);
  const show = useUi((s) => s.show);
  const [token, setToken] = useState(tokenInAddress);
  useEffect(() => {
    if (phase !== 'unlocked' || token === null) return;
    show({ name: 'add', take: token });
    setToken(null);
  }, [phase, token, show]);
  return token !== null;
}

export function SelectionWaiting({ phase }: { phase: string }) {
  return (
    <p className="banner info small" role="status">
      {phase === 'new' ? 'Create your vault' : 'Unlock KeyHaven'} to save the text you selected: the form to add it opens next (the text is kept for a minute).
    </p>
  );
}
