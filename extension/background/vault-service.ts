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
  changeAccountPassword,
  fromBase64url,
  resumeAccount,
  memberOf,
  toBase64url,
  unlockAccountForSession,
  type SessionAccount,
  type SocketLike,
} from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';
import { DexieLocalStore } from '../db/local-store.js';
import { settingsSchema, type Progress, type Settings, type SettingsAnswer, type StateAnswer } from '../messages/protocol.js';
import { newLocalProfile, profileForNewPassword, registerProfile, signInProfile, signInProfileAgain } from './account-setup.js';
import { ContentActions } from './content-actions.js';
import { BackgroundError } from './errors.js';
import { ItemActions } from './item-actions.js';
import type { BackgroundPorts } from './ports.js';
import type { AccountContext, VaultContext } from './context.js';
import { openUnlocked, type Unlocked } from './unlocked.js';
import { TeamChecks } from './team-checks.js';
import { ownFingerprint, TeamActions } from './team-actions.js';
import { VaultActions } from './vault-actions.js';
import { interruptedRotations } from './vault-rotation.js';
import { rotateAccountKeyInBrowser } from './account-key-rotation.js';
import { rotateDeviceKeyInBrowser } from './device-key-rotation.js';
import { scheduledRotations } from './key-schedule.js';
import { VaultTools } from './vault-tools.js';


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
    /** Tests shrink the minute so auto-lock can be watched happening, and bring their own WebSocket. */
    private readonly options: { minuteMs?: number; createSocket?: (url: string) => SocketLike } = {},
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
    // Past its publish, a cut-short account-key rotation needs no password to finish.
    if (profile.accountRotation) void this.finishAccountRotation(null, true).catch(() => undefined);
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
    const vaultIds = this.unlocked ? [...this.unlocked.vaults.keyrings.keys()] : [];
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
      invitations: this.unlocked ? this.team.invitationsWaiting : 0,
      warnings: (loop?.integrity ?? []).map((w) => ({ vault: profile?.vaults.find((v) => v.id === w.vaultId)?.name ?? w.vaultId, item: w.itemId, reason: w.reason, message: w.message })),
    };
  }

  /** A new local-only vault on this browser: account, identity, a non-extractable device key, one vault. */
  async createLocal(password: string): Promise<StateAnswer> {
    if (await this.profile()) throw new BackgroundError('exists', 'this browser already has a vault; unlock it instead');
    await this.db.profile.put(await newLocalProfile(password));
    return this.unlock(password);
  }

  /** Creates an account on a server with this browser's vault (making one first on a new browser). */
  async signup(server: string, email: string, password: string): Promise<StateAnswer> {
    const existing = await this.profile();
    if (existing?.server) throw new BackgroundError('exists', `already signed up on ${existing.server}`);
    const profile = existing ?? (await newLocalProfile(password));
    await this.db.profile.put(await registerProfile(profile, { server, email, password }));
    // Unlocking builds the engine and the sync loop against the server, in the one place they are made.
    return this.unlock(password);
  }

  /** Signs this browser in as a new device of an existing account and downloads its vaults. */
  async login(server: string, email: string, password: string): Promise<StateAnswer> {
    if (await this.profile()) throw new BackgroundError('exists', 'this browser already has a vault');
    await this.db.profile.put(await signInProfile({ server, email, password }));
    return this.unlock(password);
  }

  async unlock(password: string): Promise<StateAnswer> {
    await this.resumed;
    let profile = await this.requireProfile();
    const { unlocked, sessionKey } = await unlockAccountForSession(password, profile.account).catch(async (refusal: unknown) => {
      // The password may be one set on another device: the server's record opens with it, this one not.
      profile = await profileForNewPassword(profile, password, refusal);
      await this.db.profile.put(profile);
      return unlockAccountForSession(password, profile.account);
    });
    await this.start(profile, unlocked);
    await this.ports.session.save({ accountKey: toBase64url(sessionKey), lockAt: Date.now() + (await this.settings()).autoLockMinutes * this.minute });
    sessionKey.fill(0);
    // An account-key rotation a closed browser cut short: the password is here, so it can publish too.
    if (profile.accountRotation) await this.finishAccountRotation(password, true).catch(() => undefined);
    await this.touch();
    void this.tools().then((t) => t.refreshBadge());
    await this.content.unlocked();
    return this.state();
  }

  /** Opens every vault's keyring and starts the engine (and the sync loop when the account is on a server). */
  private async start(profile: ProfileRow, account: SessionAccount): Promise<void> {
    this.unlocked?.loop?.stop();
    this.unlocked = await openUnlocked({
      db: this.db,
      store: this.store,
      team: this.team,
      profile,
      account,
      createSocket: this.options.createSocket,
      onSynced: () => {
        this.revision++;
        void this.tools().then((t) => t.refreshBadge());
      },
      // Only after a sync: the rosters it checked say which vaults are shared and who may rotate them.
      afterSync: () => void this.rotateDueKeys().catch(() => undefined),
    });
    // A browser with no server has no team vault: its schedule can run at once; otherwise after a sync.
    void this.resumeRotations()
      .then(() => (profile.server ? undefined : this.rotateDueKeys()))
      .catch(() => undefined);
  }

  /** Finishes rotations a closed browser cut short: this browser's signing key first, then vault keys (each re-wrapped item is kept as it goes). */
  private async resumeRotations(): Promise<void> {
    const ctx = await this.accountContext();
    if (ctx.profile.deviceRotation && ctx.api) await rotateDeviceKeyInBrowser(ctx, { resumeOnly: true }).catch(() => undefined);
    const team = new TeamActions(ctx);
    for (const vaultId of interruptedRotations(ctx)) await team.finishRotation(vaultId).catch(() => undefined); // tried again at the next unlock
  }

  /** Vault keys past their schedule, rotated while unlocked (key-schedule.ts). */
  private readonly rotateDueKeys = scheduledRotations(
    async (vaultId) => new TeamActions(await this.accountContext()).finishRotation(vaultId),
    () => this.accountContext(),
  );

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

  private async requireUnlocked(): Promise<{ profile: ProfileRow; unlocked: Unlocked }> {
    await this.resumed;
    const profile = await this.profile();
    const unlocked = this.unlocked;
    if (!unlocked || !profile) throw new BackgroundError('locked', 'the vault is locked');
    return { profile, unlocked };
  }

  private afterWrite(unlocked: Unlocked): void {
    this.revision++;
    unlocked.loop?.kick();
    void this.tools().then((t) => t.refreshBadge());
  }

  /** One vault's context for item work (the default vault without an id); refuses while locked. */
  private async context(vaultId?: string): Promise<VaultContext> {
    const { profile, unlocked } = await this.requireUnlocked();
    const vault = await unlocked.vaults.find(vaultId);
    const roster = await (await this.team.store(unlocked.account)).roster(vault.id);
    const role = roster ? (memberOf(roster, unlocked.account.accountId)?.role ?? null) : null;
    return {
      profile,
      vaultId: vault.id,
      vaultName: vault.name,
      role,
      roster,
      // A vault the server no longer lists is kept read-only: writes to it could never be delivered.
      writable: !unlocked.vaults.unlisted.has(vault.id) && (!roster || role === 'editor' || role === 'admin'),
      memberEmails: new Map([...(profile.email ? [[unlocked.account.accountId, profile.email] as const] : []), ...(roster?.members ?? []).map((m) => [m.account, m.email] as const)]),
      engine: unlocked.engine,
      keyring: unlocked.vaults.keyring(vault.id),
      api: unlocked.api,
      store: this.store,
      settings: await this.settings(),
      ports: this.ports,
      progress: (progress) => void (this.progress = progress),
      identities: unlocked.identities,
      afterWrite: () => this.afterWrite(unlocked),
    };
  }

  private async accountContext(): Promise<AccountContext> {
    const { profile, unlocked } = await this.requireUnlocked();
    return {
      profile,
      account: unlocked.account,
      vaults: unlocked.vaults,
      engine: unlocked.engine,
      store: this.store,
      db: this.db,
      api: unlocked.api,
      team: await this.team.store(unlocked.account),
      departed: this.team.departed,
      invited: this.team.invited,
      progress: (progress) => void (this.progress = progress),
      afterWrite: () => this.afterWrite(unlocked),
      syncNow: async () => {
        await unlocked.loop?.syncNow();
        this.revision++;
      },
    };
  }

  async items(vaultId?: string): Promise<ItemActions> {
    return new ItemActions(await this.context(vaultId));
  }

  /** Every vault's item actions, for the list of all keys and the content script's "already saved?". */
  async allItems(): Promise<ItemActions[]> {
    const { unlocked } = await this.requireUnlocked();
    return Promise.all([...unlocked.vaults.keyrings.keys()].map((id) => this.items(id)));
  }

  async tools(vaultId?: string): Promise<VaultTools> {
    return new VaultTools(await this.context(vaultId));
  }

  async vaultActions(): Promise<VaultActions> {
    return new VaultActions(await this.accountContext());
  }

  async teamActions(): Promise<TeamActions> {
    return new TeamActions(await this.accountContext());
  }

  /** A sync right now (the person asked), waited for; the answer is the state after it. */
  async syncNow(): Promise<StateAnswer> {
    await (await this.accountContext()).syncNow();
    return this.state();
  }

  async settingsAnswer(): Promise<SettingsAnswer> {
    const profile = await this.requireProfile();
    return {
      settings: await this.settings(),
      server: profile.server,
      email: profile.email,
      deviceName: profile.device.name,
      kdfIterations: profile.account.kdf.iterations,
      accountKeyVersion: profile.account.keyVersion,
      fingerprint: profile.server ? await ownFingerprint(profile) : null,
    };
  }

  async saveSettings(patch: Partial<Settings>): Promise<SettingsAnswer> {
    await this.context(); // settings change only while unlocked
    const settings = settingsSchema.parse({ ...(await this.settings()), ...patch });
    await updateProfile(this.db, (p) => ({ ...p, settings }));
    await this.touch(); // a new auto-lock time applies from now
    return this.settingsAnswer();
  }

  /** Signs this browser in again after the server ended its session (a password change elsewhere); queued writes stay. */
  async signInAgain(password: string): Promise<StateAnswer> {
    const { profile } = await this.context();
    await this.db.profile.put(await signInProfileAgain(profile, password));
    // Unlocking again opens the server's record: the same account key after a password change, the new one after a rotation.
    return this.unlock(password);
  }

  /** A new signing key for this browser; the old one verifies only what it signed before (docs/crypto.md §20). */
  async rotateDeviceKey(): Promise<void> {
    await rotateDeviceKeyInBrowser(await this.accountContext());
    this.revision++;
  }

  /** A new account key version: keyrings and identity keys re-wrapped, the other devices signed out. */
  async rotateAccountKey(password: string): Promise<SettingsAnswer> {
    await this.finishAccountRotation(password, false);
    return this.settingsAnswer();
  }

  /** Runs (or, with `resumeOnly`, finishes) an account-key rotation, then works on with the new key. */
  private async finishAccountRotation(password: string | null, resumeOnly: boolean): Promise<void> {
    const { profile, api, engine } = await this.context();
    const done = await rotateAccountKeyInBrowser({ db: this.db, profile, api, account: this.unlocked!.account, engine, password, resumeOnly });
    if (!done) return;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', done.key));
    const session = await this.ports.session.load();
    await this.ports.session.save({ accountKey: toBase64url(raw), lockAt: session?.lockAt ?? Date.now() + (await this.settings()).autoLockMinutes * this.minute });
    const renewed = await this.requireProfile();
    await this.start(renewed, await resumeAccount(renewed.account, raw));
    raw.fill(0);
  }

  /** Re-wraps the account key under the new password (and cost); on a server, the server's copy too. */
  async changePassword(oldPassword: string, newPassword: string, iterations?: number): Promise<SettingsAnswer> {
    const { profile, api } = await this.context();
    const { record } = await changeAccountPassword(api, { account: profile.account, identity: profile.identity, signing: profile.signing, oldPassword, newPassword, iterations });
    await updateProfile(this.db, (p) => ({ ...p, account: record }));
    return this.settingsAnswer();
  }
}
