/**
 * The background's vault: it owns the unlocked keys (in memory only; a restarted worker starts locked),
 * the local profile, and the sync engine over the Dexie store. The popup reaches it only through the
 * message protocol.
 */
import {
  ApiClient,
  CryptoError,
  createAccount,
  createIdentity,
  createItem,
  createVaultKeyring,
  generateDeviceKey,
  itemHealth,
  maskValue,
  newId,
  openVaultKeyring,
  SyncEngine,
  toBase64url,
  unlockAccount,
  type ItemPayload,
  type UnlockedAccount,
  type VaultKeyring,
} from '../../shared/index.js';
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import { DexieLocalStore } from '../db/local-store.js';
import type { ItemSummary, StateAnswer } from '../messages/protocol.js';

export class BackgroundError extends Error {
  constructor(
    readonly code: 'locked' | 'exists' | 'no-vault' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

interface Unlocked {
  account: UnlockedAccount;
  keyrings: Map<string, VaultKeyring>;
  engine: SyncEngine;
}

const PROFILE = 'main';

export function summary(itemId: string, payload: ItemPayload, now = new Date()): ItemSummary {
  return {
    id: itemId,
    name: payload.name,
    provider: payload.provider,
    environment: payload.environment,
    status: payload.status.state,
    masked: maskValue(payload.value),
    health: itemHealth(payload, now).flags,
  };
}

export class VaultService {
  private unlocked: Unlocked | null = null;
  private readonly store: DexieLocalStore;

  constructor(private readonly db: KeyHavenDatabase) {
    this.store = new DexieLocalStore(db);
  }

  private async profile(): Promise<ProfileRow | undefined> {
    return this.db.profile.get(PROFILE);
  }

  async state(): Promise<StateAnswer> {
    const profile = await this.profile();
    const phase = !profile ? 'new' : this.unlocked ? 'unlocked' : 'locked';
    const pending = this.unlocked ? await this.unlocked.engine.pendingCount(profile!.vaults.map((v) => v.id)) : 0;
    return { phase, server: profile?.server ?? null, pending };
  }

  /** A new local-only vault on this browser: account, identity, a non-extractable device key, one vault. */
  async createLocal(password: string): Promise<StateAnswer> {
    if (await this.profile()) throw new BackgroundError('exists', 'this browser already has a vault; unlock it instead');
    const { record, unlocked } = await createAccount(password);
    const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
    const device = await generateDeviceKey({ extractable: false });
    const vault = await createVaultKeyring(unlocked.accountKey);
    await this.db.profile.put({
      key: PROFILE,
      account: record,
      identity: { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) },
      // IndexedDB stores the CryptoKey itself: its private half never exists as bytes anywhere.
      device: { id: newId(), name: 'browser', publicSpki: toBase64url(device.publicSpki), signingKey: device.signingKey },
      vaults: [{ id: vault.record.vaultId, name: 'Personal', keyring: vault.record }],
      server: null,
      email: null,
    });
    return this.unlock(password);
  }

  async unlock(password: string): Promise<StateAnswer> {
    const profile = await this.profile();
    if (!profile) throw new BackgroundError('no-vault', 'there is no vault in this browser yet');
    const account = await unlockAccount(password, profile.account);
    const keyrings = new Map<string, VaultKeyring>();
    for (const v of profile.vaults) keyrings.set(v.id, await openVaultKeyring(v.keyring, account.accountKey));
    const engine = new SyncEngine({
      // Local only for now: the engine's network half waits for an account on a server.
      api: new ApiClient({ baseUrl: profile.server ?? 'http://127.0.0.1:9' }),
      store: this.store,
      keyringFor: async (vaultId) => {
        const keyring = keyrings.get(vaultId);
        if (!keyring) throw new CryptoError('unknown-key-version', `no keys for vault ${vaultId}`);
        return keyring;
      },
      device: { deviceId: profile.device.id, accountId: account.accountId, signingKey: profile.device.signingKey },
    });
    this.unlocked = { account, keyrings, engine };
    return this.state();
  }

  lock(): Promise<StateAnswer> {
    this.unlocked = null;
    return this.state();
  }

  private async open(): Promise<{ unlocked: Unlocked; vaultId: string }> {
    const profile = await this.profile();
    if (!this.unlocked || !profile) throw new BackgroundError('locked', 'the vault is locked');
    return { unlocked: this.unlocked, vaultId: profile.vaults[0]!.id };
  }

  async list(): Promise<{ items: ItemSummary[]; unreadable: number }> {
    const { unlocked, vaultId } = await this.open();
    const views = await unlocked.engine.list(vaultId);
    const items = views.flatMap((v) => (v.ok ? [summary(v.itemId, v.payload)] : [])).sort((a, b) => a.name.localeCompare(b.name));
    return { items, unreadable: views.length - items.length };
  }

  async add(input: { name: string; value: string; provider: string; environment: string }): Promise<{ item: ItemSummary }> {
    const { unlocked, vaultId } = await this.open();
    const payload = createItem({ type: 'api-key', name: input.name, value: input.value, provider: input.provider, environment: input.environment }, new Date());
    const itemId = newId();
    await unlocked.engine.write(vaultId, itemId, payload);
    await unlocked.engine.recordAudit(vaultId, 'item.create', itemId, { name: payload.name });
    return { item: summary(itemId, payload) };
  }

  async reveal(itemId: string): Promise<{ value: string }> {
    const { unlocked, vaultId } = await this.open();
    const payload = await unlocked.engine.read(vaultId, itemId);
    if (!payload) throw new BackgroundError('not-found', 'that item no longer exists');
    await unlocked.engine.recordAudit(vaultId, 'item.reveal', itemId, { name: payload.name });
    return { value: payload.value };
  }
}
