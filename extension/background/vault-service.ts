/**
 * The background's vault: it owns the unlocked keys, this browser's profile and settings, the sync engine
 * over the Dexie store and, once the account is on a server, the sync loop. Pages reach it only through
 * the message protocol (router.ts).
 *
 * Key lifetime (docs/decisions.md #28): the keys live in the worker's memory, and the account key's bytes
 * also in memory-only session storage with the auto-lock deadline, so a worker the browser stopped comes
 * back unlocked until that deadline. Lock, auto-lock and closing the browser drop both.
 */
import {
  ApiClient,
  changeAccountPassword,
  CryptoError,
  createAccount,
  createIdentity,
  createVaultKeyring,
  ensureIdentity,
  fromBase64url,
  newSigningRecord,
  openSigningIdentity,
  generateDeviceKey,
  newId,
  openSessionToken,
  openVaultKeyring,
  registerAccount,
  resumeAccount,
  sealSessionToken,
  serverVaults,
  signIn,
  SyncEngine,
  teamIdentities,
  toBase64url,
  unlockAccount,
  unlockAccountForSession,
  type IdentityVerifyKey,
  type SessionAccount,
  type VaultKeyring,
} from '../../shared/index.js';
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import { DexieLocalStore } from '../db/local-store.js';
import { settingsSchema, type Progress, type Settings, type SettingsAnswer, type StateAnswer } from '../messages/protocol.js';
import { ContentActions } from './content-actions.js';
import { BackgroundError } from './errors.js';
import { ItemActions } from './item-actions.js';
import type { BackgroundPorts } from './ports.js';
import type { VaultContext } from './context.js';
import { SyncLoop } from './sync-loop.js';
import { TeamChecks } from './team-checks.js';
import { VaultTools } from './vault-tools.js';


interface Unlocked {
  account: SessionAccount;
  keyrings: Map<string, VaultKeyring>;
  engine: SyncEngine;
  api: ApiClient | null;
  loop: SyncLoop | null;
}

const PROFILE = 'main';

export class VaultService {
  private unlocked: Unlocked | null = null;
  private readonly store: DexieLocalStore;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private progress: Progress | null = null;
  /** A worker restarted by the browser picks its keys up from session storage once, before any request. */
  private readonly resumed: Promise<void>;
  /** Moves whenever saved values may have changed: a write, a sync that brought something, a lock. */
  revision = 0;
  /** What the content script on provider dashboards may ask (content-actions.ts). */
  readonly content: ContentActions;
  /** Team rosters this browser verified, and the check each sync runs (team-checks.ts). */
  private readonly team: TeamChecks;

  constructor(
    private readonly db: KeyHavenDatabase,
    readonly ports: BackgroundPorts,
    /** Tests shrink the minute so auto-lock can be watched happening. */
    private readonly options: { minuteMs?: number } = {},
  ) {
    this.store = new DexieLocalStore(db);
    this.team = new TeamChecks(db);
    this.content = new ContentActions(this, ports);
    this.resumed = this.resume().catch(() => this.forget());
  }

  private async profile(): Promise<ProfileRow | undefined> {
    return this.db.profile.get(PROFILE);
  }

  private async requireProfile(): Promise<ProfileRow> {
    const profile = await this.profile();
    if (!profile) throw new BackgroundError('no-vault', 'there is no vault in this browser yet');
    return profile;
  }

  private get minute(): number {
    return this.options.minuteMs ?? 60_000;
  }

  async isUnlocked(): Promise<boolean> {
    await this.resumed;
    return this.unlocked !== null;
  }

  async settings(): Promise<Settings> {
    return settingsSchema.parse((await this.profile())?.settings ?? {});
  }

  /** Called on every request a person made: use keeps the vault open, idleness locks it. */
  async touch(): Promise<void> {
    await this.resumed;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.unlocked) return;
    const ms = (await this.settings()).autoLockMinutes * this.minute;
    const lockAt = Date.now() + ms;
    const current = await this.ports.session.load();
    if (current) await this.ports.session.save({ ...current, lockAt });
    this.ports.scheduleLock(lockAt);
    this.idleTimer = setTimeout(() => void this.lock(), ms);
  }

  /** Called when the auto-lock alarm fires: locks only if the deadline really passed (use may have moved it). */
  async lockIfDue(now = Date.now()): Promise<void> {
    await this.resumed;
    const record = await this.ports.session.load();
    if (!record || record.lockAt <= now) await this.lock();
  }

  private async resume(): Promise<void> {
    const record = await this.ports.session.load();
    if (!record) return;
    const profile = await this.profile();
    if (!profile || record.lockAt <= Date.now()) return this.forget();
    await this.start(profile, await resumeAccount(profile.account, fromBase64url(record.accountKey)));
    this.ports.scheduleLock(record.lockAt);
    this.idleTimer = setTimeout(() => void this.lock(), record.lockAt - Date.now());
  }

  private async forget(): Promise<void> {
    await this.ports.session.clear();
    this.ports.scheduleLock(null);
  }

  async state(): Promise<StateAnswer> {
    await this.resumed;
    const profile = await this.profile();
    const phase = !profile ? 'new' : this.unlocked ? 'unlocked' : 'locked';
    const vaultIds = profile?.vaults.map((v) => v.id) ?? [];
    const pending = this.unlocked ? await this.unlocked.engine.pendingWrites(vaultIds) : 0;
    const loop = this.unlocked?.loop;
    return {
      phase,
      server: profile?.server ?? null,
      pending,
      sync: loop ? loop.status : { state: 'local' },
      revision: loop?.revision ?? 0,
      kdfIterations: profile?.account.kdf.iterations ?? null,
      progress: this.progress,
      warnings: (loop?.integrity ?? []).map((w) => ({ vault: profile?.vaults.find((v) => v.id === w.vaultId)?.name ?? w.vaultId, item: w.itemId, reason: w.reason, message: w.message })),
    };
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
      signing: await newSigningRecord(unlocked.accountKey, unlocked.accountId),
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
    profile = await this.requireProfile();
    const account = await unlockAccount(password, profile.account);
    const api = new ApiClient({ baseUrl: server });
    const signing = profile.signing ?? (await newSigningRecord(account.accountKey, account.accountId));
    const { token } = await registerAccount(api, {
      email,
      account: profile.account,
      identity: profile.identity,
      signing,
      unlocked: account,
      device: { id: profile.device.id, name: profile.device.name, signingPublicKey: profile.device.publicSpki },
      vaults: profile.vaults,
    });
    await this.db.profile.put({ ...profile, signing, certified: true, server, email, sealedToken: await sealSessionToken(account, token) });
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
      signing: keyring.signing,
      certified: true,
      device: { id: deviceId, name: 'browser', publicSpki: toBase64url(device.publicSpki), signingKey: device.signingKey },
      vaults,
      server,
      email,
      sealedToken: await sealSessionToken(unlocked, token),
    });
    return this.unlock(password);
  }

  async unlock(password: string): Promise<StateAnswer> {
    await this.resumed;
    const profile = await this.requireProfile();
    const { unlocked, sessionKey } = await unlockAccountForSession(password, profile.account);
    await this.start(profile, unlocked);
    await this.ports.session.save({ accountKey: toBase64url(sessionKey), lockAt: Date.now() + (await this.settings()).autoLockMinutes * this.minute });
    sessionKey.fill(0);
    await this.touch();
    void this.tools().then((t) => t.refreshBadge());
    await this.content.unlocked();
    return this.state();
  }

  /** Opens every vault's keyring and starts the engine (and the sync loop when the account is on a server). */
  private async start(profile: ProfileRow, account: SessionAccount): Promise<void> {
    const keyrings = new Map<string, VaultKeyring>();
    for (const v of profile.vaults) keyrings.set(v.id, await openVaultKeyring(v.keyring, account.accountKey));
    const token = profile.sealedToken ? await openSessionToken(account, profile.sealedToken) : undefined;
    const api = profile.server && token ? new ApiClient({ baseUrl: profile.server, token }) : null;
    const engine = new SyncEngine({
      api: api ?? new ApiClient({ baseUrl: 'http://127.0.0.1:9' }),
      store: this.store,
      keyringFor: async (vaultId) => {
        const keyring = keyrings.get(vaultId);
        if (!keyring) throw new CryptoError('unknown-key-version', `no keys for vault ${vaultId}`);
        return keyring;
      },
      device: { deviceId: profile.device.id, accountId: account.accountId, signingKey: profile.device.signingKey },
      identities: () => this.identities(account),
    });
    this.unlocked?.loop?.stop();
    // A profile from before v2 gets its identity signing key, and this browser its certificate, before
    // it signs anything for the server; if the server is away, the next unlock tries again.
    if (api && (!profile.certified || !profile.signing)) await this.certify(profile, account, api).catch(() => undefined);
    this.unlocked = { account, keyrings, engine, api, loop: null };
    if (profile.server && token) {
      const loop = new SyncLoop(engine, {
        baseUrl: profile.server,
        token,
        vaultIds: () => [...keyrings.keys()],
        beforeSync: () => this.team.check(api!, account, keyrings),
        onSynced: (changed) => {
          if (!changed) return;
          this.revision++;
          void this.tools().then((t) => t.refreshBadge());
        },
      });
      this.unlocked.loop = loop;
      loop.start();
    }
  }

  /** The identity signing keys whose certificates make devices count: this account's, and teammates' from verified rosters. */
  private async identities(account: SessionAccount): Promise<Map<string, IdentityVerifyKey>> {
    const signing = (await this.profile())?.signing;
    const own = signing ? new Map([[account.accountId, (await openSigningIdentity(signing, account.accountKey, account.accountId)).verifyKey]]) : new Map<string, IdentityVerifyKey>();
    return teamIdentities(await this.team.store(account), own);
  }

  private async certify(profile: ProfileRow, account: SessionAccount, api: ApiClient): Promise<void> {
    const blob = profile.signing
      ? { v: 2 as const, account: profile.account, identity: profile.identity, signing: profile.signing }
      : { v: 1 as const, account: profile.account, identity: profile.identity };
    const done = await ensureIdentity(api, { account, keyring: blob, keyringRevision: (await api.account()).keyringRevision, device: { id: profile.device.id, publicSpki: profile.device.publicSpki } });
    const latest = await this.requireProfile();
    await this.db.profile.put({ ...latest, signing: done.keyring.signing, certified: true });
  }

  async lock(): Promise<StateAnswer> {
    this.unlocked?.loop?.stop();
    this.unlocked = null;
    this.revision++;
    this.content.forget();
    this.team.forget();
    ItemActions.forgetDeleted();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.forget();
    return this.state();
  }

  /** The open vault's context for item work; refuses while locked. */
  private async context(): Promise<VaultContext> {
    await this.resumed;
    const profile = await this.profile();
    const unlocked = this.unlocked;
    if (!unlocked || !profile) throw new BackgroundError('locked', 'the vault is locked');
    const vault = profile.vaults[0]!;
    return {
      profile,
      vaultId: vault.id,
      vaultName: vault.name,
      engine: unlocked.engine,
      keyring: unlocked.keyrings.get(vault.id)!,
      api: unlocked.api,
      store: this.store,
      settings: await this.settings(),
      ports: this.ports,
      progress: (progress) => void (this.progress = progress),
      identities: () => this.identities(unlocked.account),
      afterWrite: () => {
        this.revision++;
        unlocked.loop?.kick();
        void this.tools().then((t) => t.refreshBadge());
      },
    };
  }

  async items(): Promise<ItemActions> {
    return new ItemActions(await this.context());
  }

  async tools(): Promise<VaultTools> {
    return new VaultTools(await this.context());
  }

  async settingsAnswer(): Promise<SettingsAnswer> {
    const profile = await this.requireProfile();
    return {
      settings: await this.settings(),
      server: profile.server,
      email: profile.email,
      deviceName: profile.device.name,
      kdfIterations: profile.account.kdf.iterations,
    };
  }

  async saveSettings(patch: Partial<Settings>): Promise<SettingsAnswer> {
    await this.context(); // settings change only while unlocked
    const profile = await this.requireProfile();
    await this.db.profile.put({ ...profile, settings: settingsSchema.parse({ ...(await this.settings()), ...patch }) });
    await this.touch(); // a new auto-lock time applies from now
    return this.settingsAnswer();
  }

  /** Re-wraps the account key under the new password (and cost); on a server, the server's copy too. */
  async changePassword(oldPassword: string, newPassword: string, iterations?: number): Promise<SettingsAnswer> {
    const { profile, api } = await this.context();
    const { record } = await changeAccountPassword(api, { account: profile.account, identity: profile.identity, signing: profile.signing, oldPassword, newPassword, iterations });
    await this.db.profile.put({ ...profile, account: record });
    return this.settingsAnswer();
  }
}
