/**
 * Changing one field of a vault's sealed meta (name, key rotation schedule): read the server's current
 * meta, change that field only, and write it back on its revision. Writing what this device last saw
 * would undo another device's change to another field, and drop fields this client does not know.
 */
import type { ApiClient } from './api-client.js';
import { openVaultMeta, sealVaultMeta, type VaultMeta } from './profile.js';
import type { VaultKeyring } from '../vault/keyring.js';

export async function updateVaultMeta(api: ApiClient, keyring: VaultKeyring, change: Partial<VaultMeta>, fallback: VaultMeta): Promise<VaultMeta> {
  const { meta, metaRevision } = await api.vault(keyring.vaultId);
  // A meta that does not open (junk, or under a key this device lacks) is replaced by what this device knows.
  const current = await openVaultMeta(meta, keyring).catch(() => fallback);
  const next = { ...current, ...change };
  await api.putMeta(keyring.vaultId, metaRevision, await sealVaultMeta(next, keyring));
  return next;
}
