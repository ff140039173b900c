/**
 * What exists only while the vault is unlocked: the opened vaults, the sync engine over the Dexie store
 * and, once the account is on a server, the API client and the sync loop whose every round starts with
 * the team checks (rosters, then new vaults and key versions; team-checks.ts).
 */
import {
  ApiClient,
  CryptoError,
  openSessionToken,
  openSigningIdentity,
  SummaryIndex,
  SyncEngine,
  teamIdentities,
  type DeviceRevokedDetails,
  type IdentityVerifyKey,
  type SessionAccount,
  type SocketLike,
} from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';
import type { DexieLocalStore } from '../db/local-store.js';
import { certifyDevice } from './account-setup.js';
import { BrowserVaults } from './browser-vaults.js';
import { SyncLoop } from './sync-loop.js';
import { RowCache } from './list-rows.js';
import { identityKeyPair } from './team-actions.js';
import { browserTokenAdminKey } from './token-admin-key.js';
import type { TeamChecks } from './team-checks.js';

const INDEX_SAVE_DELAY_MS = 1_000;
/** How often a list also checks every stored item against the index, after answering (summary-index.ts). */
const VERIFY_EVERY_MS = 30_000;
/**
 * After unlock, the sealed summary index is compared with every stored item this long after its first
 * read: reading 10 000 items takes the worker 200-400 ms of work that would otherwise delay the popup's
 * first list, which comes right after the unlock answer (summary-index.ts, docs/crypto.md §26).
 */
const CHECK_CACHE_AFTER_MS = 1_500;

export interface Unlocked {
  account: SessionAccount;
  vaults: BrowserVaults;
  engine: SyncEngine;
  api: ApiClient | null;
  loop: SyncLoop | null;
  /** Every vault's items as facts, for lists, counts and health (shared/sync/summary-index.ts). */
  index: SummaryIndex;
  /** The list rows made from the index last (list-rows.ts). */
  rows: RowCache;
  /** Seals the summary index a moment after it moved (many changes in a row are sealed once). */
  saveIndexSoon(): void;
  /** Stops the sync loop and anything scheduled; the keys are dropped with this object. */
  close(): void;
  /** The identity signing keys whose certificates make devices count: this account's, and teammates' from verified rosters. */
  identities(): Promise<Map<string, IdentityVerifyKey>>;
}

export async function openUnlocked(input: {
  db: KeyHavenDatabase;
  store: DexieLocalStore;
  team: TeamChecks;
  profile: ProfileRow;
  account: SessionAccount;
  createSocket?: (url: string) => SocketLike;
  /** After a sync that brought something from other devices. */
  onSynced(): void;
  /** After every sync that went through (scheduled work that needs the rosters it checked). */
  afterSync?(): void;
  /** The summary index found items changed behind the worker's back: lists shown are out of date. */
  onChangedBehind?(): void;
  /** The server refused this device as revoked (revocation.ts). */
  onRevoked?(details: DeviceRevokedDetails): void;
}): Promise<Unlocked> {
  const { db, store, team, profile, account } = input;
  const vaults = await BrowserVaults.open(db, store, profile, account);
  const token = profile.sealedToken ? await openSessionToken(account, profile.sealedToken) : undefined;
  const api = profile.server && token ? new ApiClient({ baseUrl: profile.server, token }) : null;
  const identities = async () => {
    const signing = (await db.profile.get('main'))?.signing;
    const own = signing ? new Map([[account.accountId, (await openSigningIdentity(signing, account.accountKey, account.accountId)).verifyKey]]) : new Map<string, IdentityVerifyKey>();
    return teamIdentities(await team.store(account), own);
  };
  const engine = new SyncEngine({
    api: api ?? new ApiClient({ baseUrl: 'http://127.0.0.1:9' }),
    store,
    keyringFor: async (vaultId) => {
      const keyring = vaults.keyrings.get(vaultId);
      if (!keyring) throw new CryptoError('unknown-key-version', `no keys for vault ${vaultId}`);
      return keyring;
    },
    device: { deviceId: profile.device.id, accountId: account.accountId, signingKey: profile.device.signingKey },
    identities,
    tokenAdminKey: browserTokenAdminKey(db, account, () => team.store(account)),
  });
  const index = new SummaryIndex({
    store,
    open: (vaultId, items) => engine.openLocal(vaultId, items),
    keyMark: async (vaultId) => vaults.keyrings.get(vaultId)?.versions().join(',') ?? '',
    sealer: account,
    verifyEveryMs: VERIFY_EVERY_MS,
    checkCacheAfterMs: CHECK_CACHE_AFTER_MS,
    onChangedBehind: () => input.onChangedBehind?.(),
  });
  vaults.onForget = (vaultId) => index.forget(vaultId);
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const saveIndexSoon = () => {
    if (saveTimer || closed) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void index.persist().catch(() => undefined); // a cache: the next save or a rebuild makes up for it
    }, INDEX_SAVE_DELAY_MS);
  };
  let loop: SyncLoop | null = null;
  const close = () => {
    closed = true;
    loop?.stop();
    index.close();
    if (saveTimer) clearTimeout(saveTimer);
  };
  const parts = { account, vaults, engine, api, index, rows: new RowCache(), saveIndexSoon, close, identities };
  // A profile from before v2 gets its identity signing key, and this browser its certificate, before
  // it signs anything for the server; if the server is away, the next unlock tries again.
  if (api && (!profile.certified || !profile.signing)) {
    await certifyDevice(profile, account, api)
      .then((signing) => updateProfile(db, (p) => ({ ...p, signing, certified: true })))
      .catch(() => undefined);
  }
  if (!api || !profile.server || !token) return { ...parts, loop };
  const identity = identityKeyPair(profile, account);
  loop = new SyncLoop(engine, {
    baseUrl: profile.server,
    token,
    vaultIds: () => vaults.syncable(),
    createSocket: input.createSocket,
    beforeSync: async () => team.check(api, account, vaults, await identity),
    onSynced: (changed) => {
      if (changed) input.onSynced();
      input.afterSync?.();
    },
    onRevoked: input.onRevoked,
  });
  loop.start();
  return { ...parts, loop };
}
