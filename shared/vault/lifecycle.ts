/**
 * Pure item operations: each takes an item and returns a new one, with the clock passed in.
 * Nothing here touches keys or storage; sealing happens in envelope.ts.
 */
import { VaultError } from '../errors.js';
import {
  itemDraftSchema,
  itemPatchSchema,
  itemPayloadSchema,
  type ItemDraft,
  type ItemPatch,
  type ItemPayload,
  type Tombstone,
} from './item.js';
import { validItem as valid } from '../util/parse.js';
import { DEFAULT_OVERLAP_HOURS, rotatesAsSigningKey, setAfterRotation, SIGNING_SECRET_KIND, startSigningKeySet } from './signing-keys.js';

/** A new item; a signing secret starts its key set (signing-keys.ts), so its first key has an id of its own. */
export function createItem(draft: ItemDraft, now: Date): ItemPayload {
  const fields = valid(itemDraftSchema, draft, 'cannot create item');
  const at = now.toISOString();
  const item = valid(
    itemPayloadSchema,
    { ...fields, status: { state: 'active' }, lastRotatedAt: null, history: [], createdAt: at, updatedAt: at },
    'cannot create item',
  );
  return item.kind === SIGNING_SECRET_KIND && item.value.length > 0 ? startSigningKeySet(item) : item;
}

export function editItem(item: ItemPayload, patch: ItemPatch, now: Date): ItemPayload {
  const changes = valid(itemPatchSchema, patch, 'cannot edit item');
  return valid(itemPayloadSchema, { ...item, ...changes, updatedAt: now.toISOString() }, 'cannot edit item');
}

/**
 * New value in, old value to history with when and why it was retired; the rotation clock restarts.
 * A signing secret (or any item given an overlap) keeps its old key verifying for the overlap window.
 */
export function rotateValue(item: ItemPayload, newValue: string, options: { reason?: string; now: Date; overlapHours?: number }): ItemPayload {
  if (newValue.length === 0) throw new VaultError('invalid-input', 'the new value is empty');
  if (newValue === item.value) throw new VaultError('invalid-input', 'the new value is the same as the current one');
  const at = options.now.toISOString();
  const retired = { value: item.value, retiredAt: at, reason: options.reason ?? 'rotated' };
  const signing = options.overlapHours !== undefined || rotatesAsSigningKey(item) ? { signing: setAfterRotation(item, newValue, options.overlapHours ?? DEFAULT_OVERLAP_HOURS, options.now) } : {};
  return valid(
    itemPayloadSchema,
    { ...item, value: newValue, history: [...item.history, retired], ...signing, lastRotatedAt: at, updatedAt: at },
    'cannot rotate item',
  );
}

export function revokeItem(item: ItemPayload, reason: string, now: Date): ItemPayload {
  if (item.status.state === 'revoked') throw new VaultError('invalid-state', `"${item.name}" is already revoked`);
  if (reason.trim().length === 0) throw new VaultError('invalid-input', 'a revocation needs a reason (for example "leaked in CI logs")');
  const at = now.toISOString();
  return valid(itemPayloadSchema, { ...item, status: { state: 'revoked', reason: reason.trim(), at }, updatedAt: at }, 'cannot revoke item');
}

export function reactivateItem(item: ItemPayload, now: Date): ItemPayload {
  if (item.status.state === 'active') throw new VaultError('invalid-state', `"${item.name}" is already active`);
  return { ...item, status: { state: 'active' }, updatedAt: now.toISOString() };
}

export function deleteItem(now: Date): Tombstone {
  return { deleted: true, deletedAt: now.toISOString() };
}
