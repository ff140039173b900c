/**
 * A webhook secret's signing keys from the extension's pages (shared/vault/signing-keys.ts, docs/crypto.md
 * §14): rotate with an overlap window, revoke one key, reactivate it. Audited with the actions and detail
 * keys of the CLI's `signing-key` commands, so a log reads the same whichever client made the change.
 */
import { generateLike, reactivateSigningKey, revokeSigningKey, rotatesAsSigningKey, rotateValue, VaultError, type ItemPayload } from '../../shared/index.js';
import type { ItemDetail } from '../messages/protocol.js';
import type { ItemActions } from './item-actions.js';

/**
 * Only items the page shows with a key set: a request for any other item (a stale page, a forged
 * message) must not quietly turn an API key into a signing secret with keys nobody was shown.
 */
function signingSecret(item: ItemPayload): ItemPayload {
  if (!rotatesAsSigningKey(item)) throw new VaultError('invalid-state', `"${item.name}" is not a signing secret: set its kind to signing-secret first`);
  return item;
}

const currentKeyId = (item: ItemPayload) => item.signing?.keys.find((k) => k.retiredAt === null)?.id ?? null;

export class SigningKeyActions {
  constructor(private readonly items: ItemActions) {}

  /** A new current key (pasted, or generated here so it never passes through a page); the old one verifies for `overlapHours`. */
  rotate(itemId: string, overlapHours: number, value: string | undefined, reason: string): Promise<ItemDetail> {
    return this.items.change(
      itemId,
      'item.rotate',
      (p, now) => rotateValue(signingSecret(p), value ?? generateLike(p.value), { reason, now, overlapHours }),
      (next) => ({ reason, signingKey: currentKeyId(next), overlapHours }),
    );
  }

  revoke(itemId: string, keyId: string, reason: string): Promise<ItemDetail> {
    return this.items.change(itemId, 'item.revoke', (p, now) => revokeSigningKey(signingSecret(p), keyId, reason, now), { reason, signingKey: keyId });
  }

  reactivate(itemId: string, keyId: string): Promise<ItemDetail> {
    return this.items.change(itemId, 'item.reactivate', (p, now) => reactivateSigningKey(signingSecret(p), keyId, now), { signingKey: keyId });
  }
}
