/**
 * Which keys a former member could read (docs/teams.md): an active item whose value was set before
 * someone left or was removed is exposed to them until it is rotated at the provider (its new value is
 * set after the removal) or revoked. Computed from the signed roster and the items, so every member's
 * client shows the same list and it empties as keys are rotated, with nothing more to store.
 */
import type { ItemPayload } from '../vault/item.js';
import type { Roster } from './roster.js';

export interface Exposure {
  itemId: string;
  name: string;
  /** Who could read the current value, and when they left. */
  to: { email: string; at: number }[];
}

/** What exposure is computed from: an item's name, status and when its value was set. */
export type ExposureFacts = Pick<ItemPayload, 'name' | 'status' | 'lastRotatedAt' | 'createdAt'>;

export function exposedItems(roster: Roster | null, items: readonly { itemId: string; facts: ExposureFacts }[]): Exposure[] {
  if (!roster || roster.former.length === 0) return [];
  const out: Exposure[] = [];
  for (const { itemId, facts } of items) {
    if (facts.status.state !== 'active') continue;
    const valueSince = Date.parse(facts.lastRotatedAt ?? facts.createdAt);
    const to = roster.former.filter((f) => valueSince < f.at).map((f) => ({ email: f.email, at: f.at }));
    if (to.length > 0) out.push({ itemId, name: facts.name, to });
  }
  return out;
}
