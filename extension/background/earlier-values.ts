/**
 * The values a key had before its rotations (docs/crypto.md §7: `history`, oldest first). A page names
 * one by its place and the time it was replaced, as the key's page listed it; the worker hands it out
 * only for a reveal or copy, audited like the current value's (item-actions.ts).
 */
import type { ItemPayload } from '../../shared/index.js';
import { BackgroundError } from './errors.js';

/** Which earlier value a page asks for: its place in the history and when it was replaced (protocol.ts). */
export interface EarlierRef {
  index: number;
  retiredAt: string;
}

/**
 * The history entry the page listed, or a typed refusal: out of range, replaced at another time (a sync
 * changed the history since the page was drawn), or an entry that holds no value. Nothing is audited then.
 */
export function earlierValue(payload: ItemPayload, { index, retiredAt }: EarlierRef): string {
  const entry = payload.history[index];
  if (!entry || entry.retiredAt !== retiredAt) throw new BackgroundError('not-found', 'that earlier value is not in the key’s history any more (it may have changed on another device); open the key again');
  if (entry.value === '') throw new BackgroundError('not-found', 'no value was kept for that entry of the history');
  return entry.value;
}
