/** A personal vault with items on a real server, and its owner making access tokens for it, as a client does. */
import { randomUUID } from 'node:crypto';
import { createItem, createToken, type ServerItem, type TokenAdmin, type TokenRequest } from '../../shared/index.js';
import { engineFor, type TestClient } from './engines.js';
import { createVault, registerUser, type TestUser, type TestVault } from './users.js';

export interface TokenVault {
  user: TestUser;
  vault: TestVault;
  client: TestClient;
  /** Item ids by name. */
  ids: Map<string, string>;
  admin: TokenAdmin;
  /** The items as the server holds them (the client's synced bases). */
  serverItems(): Promise<ServerItem[]>;
  make(request: Partial<TokenRequest> & { name: string }): Promise<{ token: string; id: string }>;
}

export async function tokenVault(base: string, items: { name: string; tags?: string[]; environment?: string; value: string }[]): Promise<TokenVault> {
  const user = await registerUser(base);
  const vault = await createVault(base, user);
  const client = engineFor(base, user, user.device, vault);
  const ids = new Map<string, string>();
  for (const item of items) {
    const id = randomUUID();
    ids.set(item.name, id);
    await client.engine.write(vault.vaultId, id, createItem({ name: item.name, value: item.value, tags: item.tags ?? [], environment: item.environment ?? '' }, new Date()));
  }
  await client.engine.sync([vault.vaultId]);
  const admin: TokenAdmin = {
    api: client.api,
    accountId: user.accountId,
    signingKey: user.signing.signingKey,
    accountKey: user.accountKey,
    record: vault.record!,
    keyring: vault.keyring,
    adminKey: async (accountId) => (accountId === user.accountId ? user.signing.verifyKey : null),
  };
  const serverItems = async () =>
    (await client.store.listItems(vault.vaultId)).flatMap((i) => (i.base && !i.base.deleted && i.base.blob ? [{ itemId: i.itemId, revision: i.base.revision, blob: i.base.blob }] : []));
  return {
    user,
    vault,
    client,
    ids,
    admin,
    serverItems,
    async make(request) {
      const made = await createToken(admin, { scope: { items: null, tags: null, environment: null }, expiresAt: null, allowedIps: [], ...request }, await serverItems());
      return { token: made.token, id: made.descriptor.id };
    },
  };
}
