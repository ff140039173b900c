/** What the item, vault and team actions need from an unlocked VaultService. */
import type { ApiClient, IdentityVerifyKey, LocalStore, Roster, SessionAccount, SummaryIndex, SyncEngine, TeamRole, TeamStore, TrashSightingStore, VaultKeyring } from '../../shared/index.js';
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import type { DexieLocalStore } from '../db/local-store.js';
import type { BrowserVaults } from './browser-vaults.js';
import type { Progress, Settings } from '../messages/protocol.js';
import type { BackgroundPorts } from './ports.js';

export interface VaultContext {
  profile: ProfileRow;
  vaultId: string;
  vaultName: string;
  /** This account's role from the vault's signed roster; null in a vault nobody else is in. */
  role: TeamRole | null;
  /** False for a viewer (or someone the roster does not list): item changes are refused before they are queued. */
  writable: boolean;
  /** The vault's verified roster (null in a vault nobody else is in): who left, for exposed keys. */
  roster: Roster | null;
  /** Who is who in the audit log: the emails of the roster's members (and this account's own), by account. */
  memberEmails: ReadonlyMap<string, string>;
  engine: SyncEngine;
  /** The summary index over every vault (lists and health read it; values are opened from the items). */
  index: SummaryIndex;
  /** Seals the index soon after it moved. */
  saveIndexSoon(): void;
  keyring: VaultKeyring;
  /** Null for a vault that lives only in this browser. */
  api: ApiClient | null;
  store: LocalStore;
  settings: Settings;
  ports: BackgroundPorts;
  /** When this browser first saw each key in the Trash (trash-seen.ts): the purge's own clock. */
  trashSightings: TrashSightingStore;
  /** Reports long work (null when it ends); pages show it while they poll. */
  progress(progress: Progress | null): void;
  /** The identity signing keys whose device certificates count (this account's). */
  identities(): Promise<ReadonlyMap<string, IdentityVerifyKey>>;
  /** Sync soon and refresh the badge: called after every write. */
  afterWrite(): void;
}

/** What vault and team actions need: the account, its vaults, the server, and what this browser verified. */
export interface AccountContext {
  profile: ProfileRow;
  account: SessionAccount;
  vaults: BrowserVaults;
  engine: SyncEngine;
  /** The summary index over every vault: item names, counts and exposure without opening values. */
  index: SummaryIndex;
  store: DexieLocalStore;
  db: KeyHavenDatabase;
  /** Null while this browser's vault is local only. */
  api: ApiClient | null;
  team: TeamStore;
  /** Members the server no longer lists, by vault (from the last roster check). */
  departed: ReadonlyMap<string, readonly string[]>;
  /** Members the server lists as invited, not joined yet, by vault. */
  invited: ReadonlyMap<string, readonly string[]>;
  progress(progress: Progress | null): void;
  afterWrite(): void;
  /** Runs a sync now (team checks included) and waits for it; resolves also when offline. */
  syncNow(): Promise<void>;
}
