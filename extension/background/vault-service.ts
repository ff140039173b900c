/**
 * The background's vault: it owns the unlocked keys, this browser's profile and settings, the sync engine
 * over the Dexie store and, once the account is on a server, the sync loop. Pages reach it only through
 * the message protocol (router.ts). This file is its lifecycle (unlock, lock, auto-lock, a worker's
 * resume, signing in); what requests work on once it is unlocked is unlocked-work.ts, which it extends.
 *
 * Key lifetime (docs/decisions.md #28): the keys live in the worker's memory, and the account key's bytes
 * also in memory-only session storage with the auto-lock deadline, so a worker the browser stopped comes
 * back unlocked until that deadline. Lock, auto-lock and closing the browser drop both.
 */
import {
  fromBase64url,
  resumeAccount,
  toBase64url,
  unlockAccountForSession,
  type AccountKey,
  type DeviceRevokedDetails,
  type SessionAccount,
  type SocketLike,
} from '../../shared/index.js';
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import { DexieLocalStore } from '../db/local-store.js';
import { settingsSchema, type Settings, type StateAnswer } from '../messages/protocol.js';
import { newLocalProfile, profileForNewPassword, registerProfile, signInProfile, signInProfileAgain } from './account-setup.js';
import { ContentActions } from './content-actions.js';
import { BackgroundError } from './errors.js';
import { UnlockedWork } from './unlocked-work.js';
import { purgeDueTrash } from './trash-service.js';
import type { BackgroundPorts } from './ports.js';
import { openUnlocked, type Unlocked } from './unlocked.js';
import { TeamChecks } from './team-checks.js';
import { TeamActions } from './team-actions.js';
import { interruptedRotations } from './vault-rotation.js';
import { AccountSettings } from './account-settings.js';
import { rotateDeviceKeyInBrowser } from './device-key-rotation.js';
import { scheduledRotations } from './key-schedule.js';
import { forgetAuditViews } from './audit-view.js';
import { recordRevocation, revokedInfo, signInAsNewDevice } from './revocation.js';

const PROFILE = 'main';
/** The most a lock waits to seal the summary index (a cache: the next unlock rebuilds what is not sealed). */
const LOCK_SEAL_MS = 2_000;

export class VaultService extends UnlockedWork {
  private unlocked: Unlocked | null = null;
  protected readonly store: DexieLocalStore;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** A worker restarted by the browser picks its keys up from session storage once, before any request. */
  private readonly resumed: Promise<void>;
  /** Times the summary index found items changed behind the worker's back: part of the pages' revision. */
  private changedBehind = 0;
  /** What the content script on provider dashboards may ask (content-actions.ts). */
  readonly content: ContentActions;
  /** Team rosters this browser verified, and the check each sync runs (team-checks.ts). */
  protected readonly team: TeamChecks;
  /** Settings and the keys behind the account (account-settings.ts). */
  readonly account: AccountSettings;

  constructor(
    protected readonly db: KeyHavenDatabase,
    readonly ports: BackgroundPorts,
    /** Tests shrink the minute so auto-lock can be watched happening, and bring their own WebSocket. */
    private readonly options: { minuteMs?: number; createSocket?: (url: string) => SocketLike } = {},
  ) {
    super();
    this.store = new DexieLocalStore(db);
    this.team = new TeamChecks(db);
    this.content = new ContentActions(this, ports);
    this.account = new AccountSettings({
      db: this.db,
      requireProfile: () => this.requireProfile(),
      settings: () => this.settings(),
      accountContext: () => this.accountContext(),
      touch: () => this.touch(),
      moved: () => void this.revision++,
      restartWith: (key) => this.restartWith(key),
    });
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
    if (!profile || profile.revoked || record.lockAt <= Date.now()) return this.forget();
    await this.start(profile, await resumeAccount(profile.account, fromBase64url(record.accountKey)));
    // Past its publish, a cut-short account-key rotation needs no password to finish.
    if (profile.accountRotation) void this.account.finishAccountRotation(null, true).catch(() => undefined);
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
    const phase = !profile ? 'new' : profile.revoked ? 'revoked' : this.unlocked ? 'unlocked' : 'locked';
    const loop = this.unlocked?.loop;
    // Only a browser that syncs has anything waiting to be sent: a local vault's keys all stay here.
    const vaultIds = this.unlocked ? [...this.unlocked.vaults.keyrings.keys()] : [];
    const pending = this.unlocked && loop ? await this.unlocked.engine.pendingWrites(vaultIds) : 0;
    return {
      phase,
      server: profile?.server ?? null,
      pending,
      sync: loop ? loop.status : { state: 'local' },
      revision: (loop?.revision ?? 0) + this.changedBehind,
      kdfIterations: profile?.account.kdf.iterations ?? null,
      progress: this.progress,
      invitations: this.unlocked ? this.team.invitationsWaiting : 0,
      warnings: (loop?.integrity ?? []).map((w) => ({ vault: profile?.vaults.find((v) => v.id === w.vaultId)?.name ?? w.vaultId, item: w.itemId, reason: w.reason, message: w.message })),
      revoked: revokedInfo(profile),
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
    if (profile.revoked) throw new BackgroundError('locked', 'this browser was removed from its account: sign in again as a new device');
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
    if (profile.accountRotation) await this.account.finishAccountRotation(password, true).catch(() => undefined);
    // The first sync may have found this device revoked while the key was being saved: lock again, so
    // no session copy of the key outlives the revocation.
    if ((await this.profile())?.revoked) return this.lock();
    await this.touch();
    this.refreshBadge();
    await this.content.unlocked();
    return this.state();
  }

  /** Opens every vault's keyring and starts the engine (and the sync loop when the account is on a server). */
  private async start(profile: ProfileRow, account: SessionAccount): Promise<void> {
    this.unlocked?.close();
    this.unlocked = await openUnlocked({
      db: this.db,
      store: this.store,
      team: this.team,
      profile,
      account,
      createSocket: this.options.createSocket,
      onSynced: () => {
        this.revision++;
        this.refreshBadge();
      },
      // Only after a sync: the rosters it checked say which vaults are shared and who may rotate them
      // (and who may purge the Trash: a viewer's device never does).
      afterSync: () => {
        void this.rotateDueKeys().catch(() => undefined);
        void purgeDueTrash(this.trashHost).catch(() => undefined);
      },
      onChangedBehind: () => {
        this.changedBehind++;
        this.revision++;
      },
      onRevoked: (details) => void this.revokedHere(details).catch(() => this.lock()),
    });
    // A browser with no server has no team vault: its schedule can run at once; otherwise after a sync.
    void this.resumeRotations()
      .then(() => (profile.server ? undefined : this.rotateDueKeys()))
      .catch(() => undefined);
    if (!profile.server) void purgeDueTrash(this.trashHost).catch(() => undefined);
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

  /** After an account-key rotation: the session keeps the new key until its deadline, and everything opens with it. */
  private async restartWith(key: AccountKey): Promise<void> {
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
    const session = await this.ports.session.load();
    await this.ports.session.save({ accountKey: toBase64url(raw), lockAt: session?.lockAt ?? Date.now() + (await this.settings()).autoLockMinutes * this.minute });
    const renewed = await this.requireProfile();
    await this.start(renewed, await resumeAccount(renewed.account, raw));
    raw.fill(0);
  }

  async lock(): Promise<StateAnswer> {
    const unlocked = this.unlocked;
    // Nothing is served from here on; the summary index is sealed first (briefly, with the key still
    // here) so that the next unlock opens the list at once.
    this.unlocked = null;
    unlocked?.loop?.stop();
    await Promise.race([unlocked?.index.persist().catch(() => undefined), new Promise((done) => setTimeout(done, LOCK_SEAL_MS))]);
    unlocked?.close();
    this.revision++;
    this.content.forget();
    this.team.forget();
    forgetAuditViews();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.forget();
    return this.state();
  }

  protected async requireUnlocked(): Promise<{ profile: ProfileRow; unlocked: Unlocked }> {
    await this.resumed;
    const profile = await this.profile();
    const unlocked = this.unlocked;
    if (!unlocked || !profile) throw new BackgroundError('locked', 'the vault is locked');
    return { profile, unlocked };
  }

  /** A sync right now (the person asked), waited for; the answer is the state after it. */
  async syncNow(): Promise<StateAnswer> {
    await (await this.accountContext()).syncNow();
    return this.state();
  }

  /** The server refused this device as revoked: count what was waiting, remember why, and lock (revocation.ts). */
  private async revokedHere(details: DeviceRevokedDetails): Promise<void> {
    const unlocked = this.unlocked;
    const unsent = unlocked ? await unlocked.engine.pendingWrites([...unlocked.vaults.keyrings.keys()]).catch(() => 0) : 0;
    await recordRevocation(this.db, details, unsent);
    await this.lock();
  }

  /** After a revocation: this browser as a new device of the same account, its local copy replaced once the server accepts. */
  async signInAsNewDevice(password: string): Promise<StateAnswer> {
    await signInAsNewDevice(this.db, await this.requireProfile(), password);
    return this.unlock(password);
  }

  /** Signs this browser in again after the server ended its session (a password change elsewhere); queued writes stay. */
  async signInAgain(password: string): Promise<StateAnswer> {
    const { profile } = await this.context();
    await this.db.profile.put(await signInProfileAgain(profile, password));
    // Unlocking again opens the server's record: the same account key after a password change, the new one after a rotation.
    return this.unlock(password);
  }

}
