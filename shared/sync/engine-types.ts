/** What the sync engine takes and tells: its options, its events and its report (engine.ts). */
import type { DeviceSigningKey, IdentityVerifyKey } from '../crypto/keys.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from './api-client.js';
import type { LocalStore } from './store.js';

export interface IntegrityProblem {
  vaultId: string;
  itemId: string | null;
  reason: string;
  message: string;
}

export type SyncEvent =
  | ({ type: 'integrity' } & IntegrityProblem)
  | { type: 'conflict'; vaultId: string; itemId: string; fields: string[] }
  | { type: 'rollback'; vaultId: string; itemId: string | null; message: string }
  | { type: 'unreadable'; vaultId: string; itemId: string; message: string };

export interface SyncReport {
  pulled: number;
  pushed: number;
  /** Items edited on two devices at once whose merge had to keep both values of some field. */
  conflicts: number;
  auditAppended: number;
  /** Audit entries still queued (the server was away, or refused them). */
  auditWaiting: number;
  /** What failed a check: the record is not adopted, the rest of the vault works (shown as a warning). */
  integrity: IntegrityProblem[];
  /** Writes still waiting for the server (not zero when it is unreachable). */
  pending: number;
}

export interface EngineOptions {
  api: ApiClient;
  store: LocalStore;
  keyringFor(vaultId: string): Promise<VaultKeyring>;
  device: { deviceId: string; accountId: string; signingKey: DeviceSigningKey };
  /** The identity signing keys this device trusts, by account: whose device certificates count. */
  identities(): Promise<ReadonlyMap<string, IdentityVerifyKey>>;
  /** Whose signature makes a vault's access token count (shared/tokens/token-trust.ts); absent: none does, and narrowed tokens get no grants from this device. */
  tokenAdminKey?(vaultId: string, accountId: string): Promise<IdentityVerifyKey | null>;
  now?: () => Date;
  onEvent?: (event: SyncEvent) => void;
}
