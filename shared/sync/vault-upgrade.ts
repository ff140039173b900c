/**
 * Upgrading a vault's items to v2 (docs/crypto.md §22, "old data keeps opening"): a vault written by
 * clients from before v2 holds items whose writes no audit record names. The first v2 device that has
 * pulled the whole vault names them: one `item.baseline` record per item state it holds (the server checks
 * each names the item as stored), in batches, then a `vault.upgrade` record, from which on every write
 * must bring its record and a state no record names is refused. Resumable: a crash leaves some items
 * named, and the next run names the rest; two devices upgrading at once write the same facts twice.
 */
import type { AuditActionV2, AuditEntryV2, ItemWrite } from '../audit/record.js';
import { blobHash } from '../audit/record.js';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';
import type { ApiClient } from './api-client.js';
import type { LocalStore } from './store.js';

export interface UpgradeContext {
  api: ApiClient;
  store: LocalStore;
  sign(action: AuditActionV2, itemId: string | null, write?: ItemWrite): Promise<AuditEntryV2>;
}

export async function upgradeVault(ctx: UpgradeContext, vaultId: string): Promise<void> {
  // Only with the whole vault in hand: an item this device has not pulled would stay unnamed.
  if ((await ctx.api.vault(vaultId)).seq > (await ctx.store.getCursor(vaultId))) return;
  const unnamed: AuditEntryV2[] = [];
  for (const item of await ctx.store.listItems(vaultId)) {
    const base = item.base;
    if (!base || base.revision < 1 || (item.proof && item.proof.rev >= base.revision)) continue;
    const deleted = base.deleted || base.blob === null;
    const write = { rev: base.revision, hash: deleted ? null : await blobHash(base.blob!), deleted, prev: null };
    unnamed.push(await ctx.sign('item.baseline', item.itemId, write));
  }
  for (let i = 0; i < unnamed.length; i += PROTOCOL_LIMITS.auditEntries) {
    await ctx.api.appendAudit(vaultId, unnamed.slice(i, i + PROTOCOL_LIMITS.auditEntries));
  }
  await ctx.api.appendAudit(vaultId, [await ctx.sign('vault.upgrade', null)]);
}
