/** What the item and vault actions need from an unlocked VaultService: one vault, its engine and keys. */
import type { ApiClient, IdentityVerifyKey, LocalStore, SyncEngine, VaultKeyring } from '../../shared/index.js';
import type { ProfileRow } from '../db/database.js';
import type { Progress, Settings } from '../messages/protocol.js';
import type { BackgroundPorts } from './ports.js';

export interface VaultContext {
  profile: ProfileRow;
  vaultId: string;
  vaultName: string;
  engine: SyncEngine;
  keyring: VaultKeyring;
  /** Null for a vault that lives only in this browser. */
  api: ApiClient | null;
  store: LocalStore;
  settings: Settings;
  ports: BackgroundPorts;
  /** Reports long work (null when it ends); pages show it while they poll. */
  progress(progress: Progress | null): void;
  /** The identity signing keys whose device certificates count (this account's). */
  identities(): Promise<ReadonlyMap<string, IdentityVerifyKey>>;
  /** Sync soon and refresh the badge: called after every write. */
  afterWrite(): void;
}
