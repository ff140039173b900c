/**
 * Settings and the keys behind the account, as the Settings and Devices pages change them: preferences,
 * the password (and its cost), the account key's version, this browser's signing key. Each runs only
 * while unlocked; a new account key makes the service open everything again with it.
 */
import { changeAccountPassword, type AccountKey } from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';
import { settingsSchema, type Settings, type SettingsAnswer } from '../messages/protocol.js';
import { rotateAccountKeyInBrowser } from './account-key-rotation.js';
import type { AccountContext } from './context.js';
import { rotateDeviceKeyInBrowser } from './device-key-rotation.js';
import { ownFingerprint } from './team-actions.js';

export interface AccountSettingsHost {
  db: KeyHavenDatabase;
  requireProfile(): Promise<ProfileRow>;
  settings(): Promise<Settings>;
  /** Refuses while locked. */
  accountContext(): Promise<AccountContext>;
  /** A new auto-lock time applies from now. */
  touch(): Promise<void>;
  /** Opens everything again with a new account key, keeping the session's deadline. */
  restartWith(key: AccountKey): Promise<void>;
  /** Tell pages that values moved. */
  moved(): void;
}

export class AccountSettings {
  constructor(private readonly host: AccountSettingsHost) {}

  async answer(): Promise<SettingsAnswer> {
    const profile = await this.host.requireProfile();
    return {
      settings: await this.host.settings(),
      server: profile.server,
      email: profile.email,
      deviceName: profile.device.name,
      kdfIterations: profile.account.kdf.iterations,
      accountKeyVersion: profile.account.keyVersion,
      fingerprint: profile.server ? await ownFingerprint(profile) : null,
    };
  }

  async save(patch: Partial<Settings>): Promise<SettingsAnswer> {
    await this.host.accountContext(); // settings change only while unlocked
    const settings = settingsSchema.parse({ ...(await this.host.settings()), ...patch });
    await updateProfile(this.host.db, (p) => ({ ...p, settings }));
    await this.host.touch();
    return this.answer();
  }

  /** Re-wraps the account key under the new password (and cost); on a server, the server's copy too. */
  async changePassword(oldPassword: string, newPassword: string, iterations?: number): Promise<SettingsAnswer> {
    const { profile, api } = await this.host.accountContext();
    const { record } = await changeAccountPassword(api, { account: profile.account, identity: profile.identity, signing: profile.signing, oldPassword, newPassword, iterations });
    await updateProfile(this.host.db, (p) => ({ ...p, account: record }));
    return this.answer();
  }

  /** A new account key version: keyrings and identity keys re-wrapped, the other devices signed out. */
  async rotateAccountKey(password: string): Promise<SettingsAnswer> {
    await this.finishAccountRotation(password, false);
    return this.answer();
  }

  /** Runs (or, with `resumeOnly`, finishes) an account-key rotation, then works on with the new key. */
  async finishAccountRotation(password: string | null, resumeOnly: boolean): Promise<void> {
    const { db, profile, api, account, engine } = await this.host.accountContext();
    const done = await rotateAccountKeyInBrowser({ db, profile, api, account, engine, password, resumeOnly });
    if (done) await this.host.restartWith(done.key);
  }

  /** A new signing key for this browser; the old one verifies only what it signed before (docs/crypto.md §20). */
  async rotateDeviceKey(): Promise<void> {
    await rotateDeviceKeyInBrowser(await this.host.accountContext());
    this.host.moved();
  }
}
