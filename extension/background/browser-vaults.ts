/**
 * The vaults of this browser's account while it is unlocked: their records in the profile, their opened
 * keyrings, which vault new keys go to, and what the server taught this browser since sign-in (vaults
 * added on another device or by accepting an invitation, key versions an admin shared, new names).
 * A vault the server stops listing is kept here and not synced: the server's word alone deletes nothing.
 */
import {
  mergeServerVaults,
  sameServerCopies,
  openVaultKeyring,
  serverVaults,
  type ApiClient,
  type IntegrityProblem,
  type KnownVault,
  type SessionAccount,
  type ShareTrust,
  type VaultKeyring,
  type VaultKeyringRecord,
  VaultError,
} from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';
import type { DexieLocalStore } from '../db/local-store.js';
import { BackgroundError } from './errors.js';

export class BrowserVaults {
  /** Vaults the server no longer lists for this account (removed, or left on another device). */
  readonly unlisted = new Set<string>();

  private constructor(
    private readonly db: KeyHavenDatabase,
    private readonly store: DexieLocalStore,
    private readonly account: SessionAccount,
    readonly keyrings: Map<string, VaultKeyring>,
  ) {}

  static async open(db: KeyHavenDatabase, store: DexieLocalStore, profile: ProfileRow, account: SessionAccount): Promise<BrowserVaults> {
    const keyrings = new Map<string, VaultKeyring>();
    for (const v of profile.vaults) keyrings.set(v.id, await openVaultKeyring(v.keyring, account.accountKey));
    return new BrowserVaults(db, store, account, keyrings);
  }

  private update(change: (p: ProfileRow) => ProfileRow): Promise<ProfileRow> {
    return updateProfile(this.db, change);
  }

  private async profile(): Promise<ProfileRow> {
    const profile = await this.db.profile.get('main');
    if (!profile) throw new BackgroundError('no-vault', 'there is no vault in this browser yet');
    return profile;
  }

  async list(): Promise<ProfileRow['vaults']> {
    return (await this.profile()).vaults;
  }

  /** A vault by id; without one, the default vault. */
  async find(vaultId?: string): Promise<ProfileRow['vaults'][number]> {
    const profile = await this.profile();
    const wanted = vaultId ?? profile.defaultVault;
    const vault = profile.vaults.find((v) => v.id === wanted) ?? (vaultId ? undefined : profile.vaults[0]);
    if (!vault) throw new BackgroundError('not-found', 'that vault is not in this browser (left, or removed by an admin)');
    return vault;
  }

  keyring(vaultId: string): VaultKeyring {
    const keyring = this.keyrings.get(vaultId);
    if (!keyring) throw new BackgroundError('not-found', 'that vault is not in this browser');
    return keyring;
  }

  /** The vaults a sync pulls and pushes. */
  syncable(): string[] {
    return [...this.keyrings.keys()].filter((id) => !this.unlisted.has(id));
  }

  async add(vault: KnownVault): Promise<void> {
    const keyring = await openVaultKeyring(vault.keyring, this.account.accountKey);
    await this.update((p) => (p.vaults.some((v) => v.id === vault.id) ? p : { ...p, vaults: [...p.vaults, vault], left: (p.left ?? []).filter((id) => id !== vault.id) }));
    this.keyrings.set(vault.id, keyring);
  }

  async rename(vaultId: string, name: string): Promise<void> {
    await this.update((p) => ({ ...p, vaults: p.vaults.map((v) => (v.id === vaultId ? { ...v, name } : v)) }));
  }

  async setKeySchedule(vaultId: string, keyRotationDays: number | null): Promise<void> {
    await this.update((p) => ({ ...p, vaults: p.vaults.map((v) => (v.id === vaultId ? { ...v, keyRotationDays } : v)) }));
  }

  async setDefault(vaultId: string): Promise<void> {
    const { id } = await this.find(vaultId);
    await this.update((p) => ({ ...p, defaultVault: id }));
  }

  async setKeyring(vaultId: string, record: VaultKeyringRecord): Promise<void> {
    const keyring = await openVaultKeyring(record, this.account.accountKey);
    await this.update((p) => ({ ...p, vaults: p.vaults.map((v) => (v.id === vaultId ? { ...v, keyring: record } : v)) }));
    this.keyrings.set(vaultId, keyring);
  }

  /**
   * A browser signed in to an existing account has no default yet: the first vault nobody else is in
   * (not the server's first, which may be a team vault), so keys saved without a choice stay private.
   */
  async settleDefault(shared: (vaultId: string) => Promise<boolean>): Promise<void> {
    const profile = await this.profile();
    if (profile.defaultVault) return;
    for (const v of profile.vaults) {
      if (await shared(v.id)) continue;
      await this.update((p) => ({ ...p, defaultVault: p.defaultVault ?? v.id }));
      return;
    }
  }

  /** Told first when a vault is forgotten (the summary index drops it before the store does). */
  onForget: ((vaultId: string) => void) | null = null;

  /** Drops a vault this account left: its keys, items and bookkeeping go from this browser. */
  async forget(vaultId: string): Promise<void> {
    if ((await this.profile()).vaults.length === 1) throw new VaultError('invalid-state', 'this is your only vault; create another one first');
    await this.update((p) => {
      const vaults = p.vaults.filter((v) => v.id !== vaultId);
      const { [vaultId]: _dropped, ...rotations } = p.rotations ?? {};
      // Remembered as left: the server listing it again (with the old keys) does not bring it back.
      return { ...p, vaults, rotations, left: [...(p.left ?? []), vaultId], defaultVault: p.defaultVault === vaultId ? vaults[0]?.id : p.defaultVault };
    });
    this.onForget?.(vaultId);
    await this.store.forgetVault(vaultId);
    this.keyrings.delete(vaultId);
    this.unlisted.delete(vaultId);
  }

  /** Which vaults the server lists for this account now; the others are kept and not synced. */
  async markListed(api: ApiClient): Promise<Set<string>> {
    const listed = new Set((await api.vaults()).vaults.map((v) => v.id));
    for (const id of this.keyrings.keys()) (listed.has(id) ? this.unlisted.delete(id) : this.unlisted.add(id));
    return listed;
  }

  /** Takes what the server has that opens (shares only from admins `trust` vouches for); returns the vaults that changed. */
  async refresh(api: ApiClient, trust: ShareTrust): Promise<{ changed: Set<string>; problems: IntegrityProblem[] }> {
    const remote = await serverVaults(api, this.account, trust);
    const problems: IntegrityProblem[] = [];
    const left = new Set((await this.profile()).left ?? []);
    let merge: ReturnType<typeof mergeServerVaults> | null = null;
    // Copies of the same key under the current account key are not a swap (worked out before the
    // transaction, which cannot wait on crypto; a keyring changed meanwhile only falls back to a warning).
    const same = await sameServerCopies((await this.profile()).vaults, remote, this.account);
    // Merged inside the profile's transaction: a rotation or a rename made meanwhile is not undone.
    await this.update((p) => {
      const vaults = p.vaults.map((v) => ({ ...v }));
      merge = mergeServerVaults(vaults, remote.filter((r) => !left.has(r.id)), same);
      return { ...p, vaults: [...vaults, ...merge.added] };
    });
    const done = merge as ReturnType<typeof mergeServerVaults> | null; // set inside the callback, which narrowing does not follow
    if (!done) return { changed: new Set(), problems };
    problems.push(...done.warnings.map((w) => ({ vaultId: w.vaultId, itemId: null, reason: 'bad-key', message: w.message })));
    for (const v of (await this.profile()).vaults.filter((x) => done.changed.has(x.id))) this.keyrings.set(v.id, await openVaultKeyring(v.keyring, this.account.accountKey));
    return { changed: done.changed, problems };
  }
}
