/**
 * The tab page keeps the key it shows in its address (`#key=<vault>/<item>`), so a reload, or the tab
 * restored with the browser, opens that key again once the vault is unlocked. Only ids, never a name.
 */
import { useEffect, useRef } from 'react';
import type { Phase } from '../messages/protocol.js';
import { useUi, type Screen } from './store.js';

const PREFIX = '#key=';
/** Ids are short; anything else in the address is ignored (the address bar is anyone's to type in). */
const ID = /^[A-Za-z0-9_-]{1,128}$/;

export function keyInHash(hash: string): { vaultId: string; itemId: string } | null {
  if (!hash.startsWith(PREFIX)) return null;
  const [vaultId = '', itemId = '', ...rest] = hash.slice(PREFIX.length).split('/');
  return rest.length === 0 && ID.test(vaultId) && ID.test(itemId) ? { vaultId, itemId } : null;
}

function hashOf(screen: Screen): string {
  return screen.name === 'item' ? `${PREFIX}${screen.vaultId}/${screen.itemId}` : '';
}

/** Writes the shown key into the address, and opens the address's key when the vault unlocks. */
export function useKeyInUrl(enabled: boolean, phase: Phase | 'loading', screen: Screen): void {
  const show = useUi((s) => s.show);
  const last = useRef(phase);
  useEffect(() => {
    const arrived = phase === 'unlocked' && last.current !== 'unlocked';
    last.current = phase;
    if (!enabled || phase !== 'unlocked') return; // locked: the address keeps the key for after the unlock
    const wanted = arrived ? keyInHash(location.hash) : null;
    if (wanted && (screen.name !== 'item' || screen.itemId !== wanted.itemId)) return show({ name: 'item', ...wanted });
    const hash = hashOf(screen);
    if (location.hash !== hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }, [enabled, phase, screen, show]);
}
