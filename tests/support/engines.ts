/** Sync engines for test devices: the real engine, the real API client, an in-memory local store. */
import WebSocket from 'ws';
import { ApiClient, MemoryStore, SyncEngine, type IdentityVerifyKey, type LocalStore, type SocketLike, type SyncEvent } from '../../shared/index.js';
import { identitiesOf, type TestDevice, type TestUser, type TestVault } from './users.js';

export interface TestClient {
  engine: SyncEngine;
  store: LocalStore;
  api: ApiClient;
  events: SyncEvent[];
}

/** `store` lets a test point a second engine at the same device's storage (the same device, another server). */
export function engineFor(
  baseUrl: string,
  user: TestUser,
  device: TestDevice,
  vault: TestVault,
  store: LocalStore = new MemoryStore(),
  identities: () => Promise<ReadonlyMap<string, IdentityVerifyKey>> = identitiesOf(user),
): TestClient {
  const api = new ApiClient({ baseUrl, token: device.token, timeoutMs: 3000 });
  const events: SyncEvent[] = [];
  const engine = new SyncEngine({
    api,
    store,
    keyringFor: async () => vault.keyring,
    device: { deviceId: device.id, accountId: user.accountId, signingKey: device.keys.signingKey },
    identities,
    // The user's own tokens count, as on a personal vault's device.
    tokenAdminKey: async (_vaultId, accountId) => (accountId === user.accountId ? user.signing.verifyKey : null),
    onEvent: (e) => events.push(e),
  });
  return { engine, store, api, events };
}

export const nodeSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;
