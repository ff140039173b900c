/**
 * Quotas an operator sets (docs/operations.md): they bound what one account can make a server, and the
 * members of a vault, hold. A vault's item count and bytes are kept on its row, updated by every push
 * under the vault's lock, so the per-vault check is exact; the per-account byte total sums the vaults
 * the account created, and may overshoot by what pushes to its other vaults commit at the same moment.
 */
import { quotaExceeded } from './errors.js';

export interface Quotas {
  vaults: number;
  itemsPerVault: number;
  bytes: number;
  invitations: number;
}

/** What a push changes in a vault: live items and stored bytes (negative when it shrinks). */
export interface StorageDelta {
  items: number;
  bytes: number;
}

interface Stored {
  blob: string | null;
  deleted: boolean;
}

/** The delta of replacing `before` (absent for a new item) with `blob` (null for a tombstone). */
export function storageDelta(before: Stored | undefined, blob: string | null): StorageDelta {
  const wasLive = before !== undefined && !before.deleted;
  return { items: (blob === null ? 0 : 1) - (wasLive ? 1 : 0), bytes: (blob?.length ?? 0) - (before?.blob?.length ?? 0) };
}

/**
 * Refuses a push that grows a vault past its quotas (one that shrinks it always passes). `stored` is
 * what the vault's row said when the push locked it (server/audit-chain.ts `lockChain`); the push's
 * own write then adds the delta to it in the same statement as the items.
 */
export function checkStorage(stored: { items: number; accountBytes: number }, delta: StorageDelta, quotas: Quotas): void {
  const items = stored.items + delta.items;
  const bytes = stored.accountBytes + delta.bytes;
  if (delta.items > 0 && items > quotas.itemsPerVault) {
    throw quotaExceeded(`this vault would hold ${items} items, more than the ${quotas.itemsPerVault} this server allows; delete some first`);
  }
  if (delta.bytes > 0 && bytes > quotas.bytes) {
    throw quotaExceeded(`the vaults of this vault's owner would hold ${bytes} bytes, more than the ${quotas.bytes} this server allows`);
  }
}
