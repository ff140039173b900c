import type { Tx } from '../db/transaction.js';
import { notFound } from '../errors.js';

/**
 * Membership and key changes of one vault take its row lock first, so they happen one after another:
 * two admins demoting each other at once would otherwise each count the other as the remaining admin
 * (each transaction sees its own change, not the other's), and the vault would be left with none.
 */
export async function lockVault(tx: Tx, vaultId: string) {
  const [row] = await tx`select 1 from vaults where id = ${vaultId} for update`;
  if (!row) throw notFound('no such vault');
}
