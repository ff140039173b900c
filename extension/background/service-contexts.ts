/**
 * What the actions get from an unlocked VaultService (context.ts): one vault's context for item work,
 * and the account's for vault and team work. Built fresh for each request from the unlocked state, so an
 * action never holds on to keys past a lock.
 */
import { memberOf } from '../../shared/index.js';
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import type { DexieLocalStore } from '../db/local-store.js';
import type { Progress, Settings } from '../messages/protocol.js';
import type { AccountContext, VaultContext } from './context.js';
import type { BackgroundPorts } from './ports.js';
import type { TeamChecks } from './team-checks.js';
import type { Unlocked } from './unlocked.js';
import { profileSightings } from './trash-seen.js';

/** The service's parts and callbacks every context needs. */
export interface ContextParts {
  db: KeyHavenDatabase;
  store: DexieLocalStore;
  team: TeamChecks;
  ports: BackgroundPorts;
  settings: Settings;
  setProgress(progress: Progress | null): void;
  /** Sync soon, refresh the badge, tell pages that values moved. */
  afterWrite(): void;
  /** Tell pages that values moved (after a sync the person asked for). */
  moved(): void;
}

/** One vault's context (the default vault without an id). */
export async function vaultContext(profile: ProfileRow, unlocked: Unlocked, vaultId: string | undefined, parts: ContextParts): Promise<VaultContext> {
  const vault = await unlocked.vaults.find(vaultId);
  const roster = await (await parts.team.store(unlocked.account)).roster(vault.id);
  const role = roster ? (memberOf(roster, unlocked.account.accountId)?.role ?? null) : null;
  const own = profile.email ? [[unlocked.account.accountId, profile.email] as const] : [];
  return {
    profile,
    vaultId: vault.id,
    vaultName: vault.name,
    role,
    roster,
    // A vault the server no longer lists is kept read-only: writes to it could never be delivered.
    writable: !unlocked.vaults.unlisted.has(vault.id) && (!roster || role === 'editor' || role === 'admin'),
    memberEmails: new Map([...own, ...(roster?.members ?? []).map((m) => [m.account, m.email] as const)]),
    engine: unlocked.engine,
    index: unlocked.index,
    saveIndexSoon: unlocked.saveIndexSoon,
    keyring: unlocked.vaults.keyring(vault.id),
    api: unlocked.api,
    store: parts.store,
    settings: parts.settings,
    ports: parts.ports,
    trashSightings: profileSightings(parts.db),
    progress: parts.setProgress,
    identities: unlocked.identities,
    afterWrite: parts.afterWrite,
  };
}

export async function accountContext(profile: ProfileRow, unlocked: Unlocked, parts: ContextParts): Promise<AccountContext> {
  return {
    profile,
    account: unlocked.account,
    vaults: unlocked.vaults,
    engine: unlocked.engine,
    index: unlocked.index,
    store: parts.store,
    db: parts.db,
    api: unlocked.api,
    team: await parts.team.store(unlocked.account),
    departed: parts.team.departed,
    invited: parts.team.invited,
    progress: parts.setProgress,
    afterWrite: parts.afterWrite,
    syncNow: async () => {
      await unlocked.loop?.syncNow();
      parts.moved();
    },
  };
}
