/**
 * Quotas an operator sets (docs/operations.md): they bound what one account can make a server, and the
 * members of a vault, hold. A vault's item count and bytes are kept on its row, updated by every push
 * under the vault's lock, so the per-vault check is exact; the per-account byte total sums the vaults
 * the account created, and may overshoot by what pushes to its other vaults commit at the same moment.
 */
import type { Tx } from './db/transaction.js';
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
 * Refuses a push that grows a vault past its quotas (one that shrinks it always passes), then books
 * the delta. Call it inside the push's transaction, after the vault row is locked.
 */
export async function bookStorage(tx: Tx, vaultId: string, delta: StorageDelta, quotas: Quotas): Promise<void> {
  if (delta.items === 0 && delta.bytes === 0) return;
  const [vault] = await tx<{ item_count: string; account_bytes: string }[]>`
    select v.item_count, (select coalesce(sum(o.item_bytes), 0) from vaults o where o.created_by = v.created_by) as account_bytes
    from vaults v where v.id = ${vaultId}`;
  const items = Number(vault!.item_count) + delta.items;
  const bytes = Number(vault!.account_bytes) + delta.bytes;
  if (delta.items > 0 && items > quotas.itemsPerVault) {
    throw quotaExceeded(`this vault would hold ${items} items, more than the ${quotas.itemsPerVault} this server allows; delete some first`);
  }
  if (delta.bytes > 0 && bytes > quotas.bytes) {
    throw quotaExceeded(`the vaults of this vault's owner would hold ${bytes} bytes, more than the ${quotas.bytes} this server allows`);
  }
  await tx`update vaults set item_count = item_count + ${delta.items}, item_bytes = item_bytes + ${delta.bytes} where id = ${vaultId}`;
}
