/**
 * The rotation bench's devices: a real engine per device of one account, the keyring record each holds
 * (the engine reads `vault.keyring`, replaced whenever the record changes, as the CLI's forgetKeyring
 * does), the key refresh both clients run before a sync, and the rotation as cli/key-rotation.ts runs it.
 */
import {
  ApiClient,
  currentBlob,
  localRotationStore,
  MemoryStore,
  mergeServerVaults,
  openVaultKeyring,
  publishKeyVersion,
  readEnvelope,
  rotatableWithoutRoster,
  runKeyRotation,
  serverVaults,
  SyncEngine,
  type ItemEnvelope,
  type LocalItem,
  type RotationResult,
  type RotationState,
  type VaultKeyring,
  type VaultKeyringRecord,
} from '../../shared/index.js';
import { identitiesOf, type TestDevice, type TestUser } from '../support/users.js';

export interface BenchDevice {
  client: { engine: SyncEngine; store: MemoryStore; api: ApiClient };
  vault: { vaultId: string; keyring: VaultKeyring };
  record: VaultKeyringRecord;
}

/** As tests/support/engines.ts, with the CLI's request timeout: a 500-item push takes over a second here. */
export async function benchDevice(url: string, user: TestUser, login: TestDevice, record: VaultKeyringRecord, store = new MemoryStore()): Promise<BenchDevice> {
  const vault = { vaultId: record.vaultId, keyring: await openVaultKeyring(record, user.accountKey) };
  const api = new ApiClient({ baseUrl: url, token: login.token, timeoutMs: 10_000 });
  const engine = new SyncEngine({
    api,
    store,
    keyringFor: async () => vault.keyring,
    device: { deviceId: login.id, accountId: user.accountId, signingKey: login.keys.signingKey },
    identities: identitiesOf(user),
  });
  return { client: { engine, store, api }, vault, record };
}

/** Takes the key versions the server has for the vault, as the CLI's and the extension's sync do first. */
export async function refreshKeys(d: BenchDevice, user: TestUser): Promise<void> {
  const known = [{ id: d.record.vaultId, name: 'Rotation bench', keyring: d.record }];
  if (!mergeServerVaults(known, await serverVaults(d.client.api, user)).changed.has(d.record.vaultId)) return;
  d.record = known[0]!.keyring;
  d.vault.keyring = await openVaultKeyring(d.record, user.accountKey);
}

/**
 * What cli/key-rotation.ts does for a personal vault (progress kept in memory): the check that the server
 * lists nobody else in it, then runKeyRotation, which publishes the new version before it re-wraps.
 */
export async function rotate(d: BenchDevice, user: TestUser, onBatch: () => void = () => undefined): Promise<RotationResult> {
  if (!(await rotatableWithoutRoster(d.client.api, d.record.vaultId, user.accountId))) throw new Error('the server lists other members of the bench vault');
  let saved: RotationState | null = null;
  const store = localRotationStore(d.client.store, d.record.vaultId, {
    loadRotation: async () => saved,
    saveRotation: async (state) => void (saved = state),
    loadKeyring: async () => d.record,
    saveKeyring: async (record) => {
      d.record = record;
      d.vault.keyring = await openVaultKeyring(record, user.accountKey);
    },
  });
  const result = await runKeyRotation({
    audit: d.client.engine,
    store,
    vaultId: d.record.vaultId,
    accountKey: user.accountKey,
    onProgress: onBatch,
    publish: (toVersion, record) => publishKeyVersion(d.client.api, { accountId: user.accountId, record, version: toVersion, team: null }),
  });
  return result!;
}

/** The key version of the item state the server acknowledged (null for none or a delete). */
export function serverKv(item: LocalItem): number | null {
  return item.base?.blob ? (readEnvelope(item.base.blob) as ItemEnvelope).kv : null;
}

/** The envelope a device holds for an item now (its pending write, else the server's state). */
export const heldEnvelope = (item: LocalItem) => readEnvelope(currentBlob(item)!) as ItemEnvelope;
