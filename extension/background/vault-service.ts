/**
 * The background's vault: it owns the unlocked keys (in memory only; a restarted worker starts locked),
 * this browser's profile, the sync engine over the Dexie store and, once the account is on a server,
 * the sync loop. The popup reaches it only through the message protocol.
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
  openSessionToken,
  openVaultKeyring,
  registerAccount,
  sealSessionToken,
  serverVaults,
  signIn,
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
import { SyncLoop } from './sync-loop.js';

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
  loop: SyncLoop | null;
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

/** Idle time after which the keys are dropped (DESIGN §3); settings will make it configurable. */
export const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;

export class VaultService {
  private unlocked: Unlocked | null = null;
  private readonly store: DexieLocalStore;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: KeyHavenDatabase,
    private readonly options: { autoLockMs?: number } = {},
  ) {
    this.store = new DexieLocalStore(db);
  }

  /** Called on every request from the popup: use keeps the vault open, idleness locks it. */
  touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.unlocked) return;
    this.idleTimer = setTimeout(() => void this.lock(), this.options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
  }

  private async profile(): Promise<ProfileRow | undefined> {
    return this.db.profile.get(PROFILE);
  }

  async state(): Promise<StateAnswer> {
    const profile = await this.profile();
    const phase = !profile ? 'new' : this.unlocked ? 'unlocked' : 'locked';
    const vaultIds = profile?.vaults.map((v) => v.id) ?? [];
    const pending = this.unlocked ? await this.unlocked.engine.pendingWrites(vaultIds) : 0;
    const loop = this.unlocked?.loop;
    return { phase, server: profile?.server ?? null, pending, sync: loop ? loop.status : { state: 'local' }, revision: loop?.revision ?? 0 };
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
      sealedToken: null,
    });
    return this.unlock(password);
  }

  /** Creates an account on a server with this browser's vault (making one first on a new browser). */
  async signup(server: string, email: string, password: string): Promise<StateAnswer> {
    let profile = await this.profile();
    if (profile?.server) throw new BackgroundError('exists', `already signed up on ${profile.server}`);
    if (!profile) await this.createLocal(password);
    else await this.unlock(password);
    profile = (await this.profile())!;
    const account = this.unlocked!.account;
    const api = new ApiClient({ baseUrl: server });
    const { token } = await registerAccount(api, {
      email,
      account: profile.account,
      identity: profile.identity,
      unlocked: account,
      device: { id: profile.device.id, name: profile.device.name, signingPublicKey: profile.device.publicSpki },
      vaults: profile.vaults,
    });
    await this.db.profile.put({ ...profile, server, email, sealedToken: await sealSessionToken(account, token) });
    // Unlocking again builds the engine and the sync loop against the server, in the one place they are made.
    return this.unlock(password);
  }

  /** Signs this browser in as a new device of an existing account and downloads its vaults. */
  async login(server: string, email: string, password: string): Promise<StateAnswer> {
    if (await this.profile()) throw new BackgroundError('exists', 'this browser already has a vault');
    const device = await generateDeviceKey({ extractable: false });
    const deviceId = newId();
    const api = new ApiClient({ baseUrl: server });
    const { token, keyring, unlocked } = await signIn(api, {
      email,
      password,
      device: { id: deviceId, name: 'browser', signingPublicKey: toBase64url(device.publicSpki) },
    });
    const vaults = (await serverVaults(api, unlocked)).map((v) => ({
      id: v.id,
      name: v.name ?? 'Unnamed vault',
      keyring: { v: 1 as const, vaultId: v.id, current: Math.max(...v.entries.map((e) => e.version)), keys: v.entries },
    }));
    if (vaults.length === 0) throw new BackgroundError('no-vault', 'this account has no vault this browser can open');
    await this.db.profile.put({
      key: PROFILE,
      account: keyring.account,
      identity: keyring.identity,
      device: { id: deviceId, name: 'browser', publicSpki: toBase64url(device.publicSpki), signingKey: device.signingKey },
      vaults,
      server,
      email,
      sealedToken: await sealSessionToken(unlocked, token),
    });
    return this.unlock(password);
  }

  async unlock(password: string): Promise<StateAnswer> {
    const profile = await this.profile();
    if (!profile) throw new BackgroundError('no-vault', 'there is no vault in this browser yet');
    const account = await unlockAccount(password, profile.account);
    const keyrings = new Map<string, VaultKeyring>();
    for (const v of profile.vaults) keyrings.set(v.id, await openVaultKeyring(v.keyring, account.accountKey));
    const token = profile.sealedToken ? await openSessionToken(account, profile.sealedToken) : undefined;
    const engine = new SyncEngine({
      api: new ApiClient({ baseUrl: profile.server ?? 'http://127.0.0.1:9', token }),
      store: this.store,
      keyringFor: async (vaultId) => {
        const keyring = keyrings.get(vaultId);
        if (!keyring) throw new CryptoError('unknown-key-version', `no keys for vault ${vaultId}`);
        return keyring;
      },
      device: { deviceId: profile.device.id, accountId: account.accountId, signingKey: profile.device.signingKey },
    });
    this.unlocked?.loop?.stop();
    this.unlocked = { account, keyrings, engine, loop: null };
    if (profile.server && token) {
      const loop = new SyncLoop(engine, { baseUrl: profile.server, token, vaultIds: () => [...keyrings.keys()] });
      this.unlocked.loop = loop;
      loop.start();
    }
    return this.state();
  }

  lock(): Promise<StateAnswer> {
    this.unlocked?.loop?.stop();
    this.unlocked = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
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
    unlocked.loop?.kick();
    return { item: summary(itemId, payload) };
  }

  async reveal(itemId: string): Promise<{ value: string }> {
    const { unlocked, vaultId } = await this.open();
    const payload = await unlocked.engine.read(vaultId, itemId);
    if (!payload) throw new BackgroundError('not-found', 'that item no longer exists');
    await unlocked.engine.recordAudit(vaultId, 'item.reveal', itemId, { name: payload.name });
    unlocked.loop?.kick();
    return { value: payload.value };
  }
}

