/**
 * The extension's local database (IndexedDB through Dexie): one typed class, versioned schema. It holds
 * what the sync engine's LocalStore needs (item envelopes with their pending writes, cursors, the audit
 * outbox and the last audit heads seen), all of it ciphertext or bookkeeping.
 *
 * Schema changes add a `this.version(n)` step below and never edit an earlier one; each step gets a
 * test that opens a database written by the version before it.
 */
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { AccountKeyRecord, AccountRotationState, AuditIntent, DeviceSigningKey, KnownHead, LocalItem, SigningIdentityRecord, SummaryCache, VaultKeyringRecord } from '../../shared/index.js';

export interface CursorRow {
  vaultId: string;
  cursor: number;
}

export interface AuditHeadRow {
  vaultId: string;
  head: KnownHead;
}

/** Intents keep their insertion order through an auto-incremented key: entries are appended in order. */
export interface AuditIntentRow {
  seq?: number;
  id: string;
  intent: AuditIntent;
}

/** This browser's account: what the CLI keeps in its state file, with the device key as a CryptoKey. */
export interface ProfileRow {
  key: 'main';
  account: AccountKeyRecord;
  identity: { publicSpki: string; wrappedPrivateKey: string };
  /** The identity signing key (docs/crypto.md §20); a profile from before v2 gets it at its next unlock. */
  signing?: SigningIdentityRecord;
  /** Set once this browser's device certificate is on the server. */
  certified?: boolean;
  device: { id: string; name: string; publicSpki: string; signingKey: DeviceSigningKey };
  /** `keyRotationDays` from the vault's sealed meta (shared/vault/key-schedule.ts); absent: the default. */
  vaults: { id: string; name: string; keyring: VaultKeyringRecord; keyRotationDays?: number | null }[];
  /** The vault new keys go to when the person has not picked one (the first vault when unset). */
  defaultVault?: string;
  /** Vaults this browser left or deleted: the server listing one again does not bring it back. */
  left?: string[];
  /** Vault key rotations under way, by vault: a closed browser resumes them at the next unlock. */
  rotations?: Record<string, unknown>;
  /** An account-key rotation under way (shared/sync/account-key-rotation.ts), finished at the next unlock. */
  accountRotation?: AccountRotationState;
  /** A device-key rotation under way (shared/sync/device-key-rotation.ts): the new non-extractable key, finished at the next unlock. */
  deviceRotation?: { publicSpki: string; signingKey: DeviceSigningKey };
  server: string | null;
  email: string | null;
  /** The session token, sealed under the account key (docs/crypto.md §16): useless without the password. */
  sealedToken: string | null;
  /**
   * Set when the server refused this device as revoked (docs/decisions.md #112): the vault stays locked
   * and says why until the person signs in again as a new device. `unsent`: writes still in the outbox then.
   */
  revoked?: { at: string | null; by: string | null; unsent: number };
  /**
   * Starred keys, as `vaultId/itemId` (favourites.ts): this browser's preference, not synced and not in
   * the items (a teammate's star must not reorder my list). Ids only, like the items table's own keys.
   */
  favourites?: string[];
  /**
   * When this browser first saw each key in a Trash, per vault (shared/sync/trash-sightings.ts): ids and
   * times only; the 30 days before a purge run from the later of this and the key's sealed trashedAt.
   */
  trashSeen?: Record<string, unknown>;
  /** The user's settings (parsed with defaults on read: rows written before settings existed have none). */
  settings?: unknown;
}

/**
 * What this browser verified about team vaults (rosters, people, pins; docs/crypto.md §23), sealed under
 * the account key like the session token: who is in which team is not left readable on a stolen disk.
 */
export interface TeamRow {
  key: 'main';
  sealed: string;
}

/** An item with a pending write (LocalStore.pendingItems): IndexedDB cannot index "pending is not null". */
export interface OutboxRow {
  vaultId: string;
  itemId: string;
}

/** A vault's sealed summary index (docs/crypto.md §26). */
export interface SummaryRow {
  vaultId: string;
  cache: SummaryCache;
}

export const DATABASE_NAME = 'keyhaven';

export class KeyHavenDatabase extends Dexie {
  /** Keyed by [vaultId, itemId]. */
  items!: Table<LocalItem, [string, string]>;
  cursors!: EntityTable<CursorRow, 'vaultId'>;
  auditOutbox!: EntityTable<AuditIntentRow, 'seq'>;
  auditHeads!: EntityTable<AuditHeadRow, 'vaultId'>;
  profile!: EntityTable<ProfileRow, 'key'>;
  team!: EntityTable<TeamRow, 'key'>;
  outbox!: Table<OutboxRow, [string, string]>;
  summaries!: EntityTable<SummaryRow, 'vaultId'>;

  /** `options` lets tests pass fake-indexeddb's factory instead of the browser's. */
  constructor(name = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      items: '[vaultId+itemId], vaultId',
      cursors: 'vaultId',
      auditOutbox: '++seq, &id',
      auditHeads: 'vaultId',
    });
    // v2: this browser's account profile, so the extension can exist without the CLI's state file.
    this.version(2).stores({ profile: 'key' });
    // v3: team vaults' verified rosters and the people this browser has seen.
    this.version(3).stores({ team: 'key' });
    // v4: the outbox as an index of items with a pending write, so a sync finds them without reading
    // every item of the vault; filled from the items already waiting.
    this.version(4)
      .stores({ outbox: '[vaultId+itemId], vaultId' })
      .upgrade(async (tx) => {
        const waiting = (await tx.table<LocalItem>('items').toArray()).filter((item) => item.pending);
        await tx.table<OutboxRow>('outbox').bulkPut(waiting.map(({ vaultId, itemId }) => ({ vaultId, itemId })));
      });
    // v5: each vault's sealed summary index (docs/crypto.md §26), so unlocking opens the list without
    // decrypting every item; a cache, built again whenever it is missing or does not match the items.
    this.version(5).stores({ summaries: 'vaultId' });
  }
}

/**
 * Reads, changes and writes this browser's profile in one IndexedDB transaction, so two changes made at
 * once (a sync's refresh and a key rotation, say) both land. `change` must not await anything else:
 * a transaction closes when it waits on something that is not the database.
 */
export function updateProfile(db: KeyHavenDatabase, change: (profile: ProfileRow) => ProfileRow): Promise<ProfileRow> {
  return db.transaction('rw', 'profile', async () => {
    const profile = await db.profile.get('main');
    if (!profile) throw new Error('there is no profile in this browser');
    const next = change(profile);
    await db.profile.put(next);
    return next;
  });
}
