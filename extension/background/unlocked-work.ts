/**
 * The half of the background's vault that requests work on: from the unlocked state to the context of
 * one vault (or of the account) and the actions made over it — items, tools, vaults, teams, the list's
 * rows, favourites, the Trash's view. The other half, vault-service.ts, owns the lifecycle: unlock, lock,
 * auto-lock, a worker's resume, signing in. Everything here refuses while locked (requireUnlocked).
 */
import type { KeyHavenDatabase, ProfileRow } from '../db/database.js';
import type { DexieLocalStore } from '../db/local-store.js';
import type { Progress, Settings } from '../messages/protocol.js';
import type { AccountContext, VaultContext } from './context.js';
import { forgetGone, setFavourite } from './favourites.js';
import { ItemActions } from './item-actions.js';
import { allRows, type AllRows } from './list-rows.js';
import type { BackgroundPorts } from './ports.js';
import { accountContext, vaultContext, type ContextParts } from './service-contexts.js';
import { TeamActions } from './team-actions.js';
import type { TeamChecks } from './team-checks.js';
import type { TrashHost } from './trash-service.js';
import type { Unlocked } from './unlocked.js';
import { VaultActions } from './vault-actions.js';
import { VaultTools } from './vault-tools.js';

export abstract class UnlockedWork {
  protected abstract readonly db: KeyHavenDatabase;
  protected abstract readonly store: DexieLocalStore;
  protected abstract readonly team: TeamChecks;
  abstract readonly ports: BackgroundPorts;
  /** Moves whenever saved values may have changed: a write, a sync that brought something, a lock. */
  revision = 0;
  /** Long work under way (a rotation, an import), for the pages' progress line. */
  protected progress: Progress | null = null;

  protected abstract requireUnlocked(): Promise<{ profile: ProfileRow; unlocked: Unlocked }>;
  abstract settings(): Promise<Settings>;

  /** In the background; a lock meanwhile refuses it, and the badge is cleared with the lock. */
  protected refreshBadge(): void {
    void this.tools()
      .then((t) => t.refreshBadge())
      .catch(() => undefined);
  }

  protected afterWrite(unlocked: Unlocked): void {
    this.revision++;
    unlocked.loop?.kick();
    this.refreshBadge();
  }

  /** One vault's context for item work (the default vault without an id); refuses while locked. */
  protected async context(vaultId?: string): Promise<VaultContext> {
    const { profile, unlocked } = await this.requireUnlocked();
    return vaultContext(profile, unlocked, vaultId, await this.contextParts(unlocked));
  }

  async accountContext(): Promise<AccountContext> {
    const { profile, unlocked } = await this.requireUnlocked();
    return accountContext(profile, unlocked, await this.contextParts(unlocked));
  }

  private async contextParts(unlocked: Unlocked): Promise<ContextParts> {
    return {
      db: this.db,
      store: this.store,
      team: this.team,
      ports: this.ports,
      settings: await this.settings(),
      setProgress: (progress) => void (this.progress = progress),
      afterWrite: () => this.afterWrite(unlocked),
      moved: () => void this.revision++,
    };
  }

  /** The Trash's view of the unlocked vaults (trash-service.ts). */
  readonly trashHost: TrashHost = {
    vaultContexts: async () => {
      const { unlocked } = await this.requireUnlocked();
      return Promise.all([...unlocked.vaults.keyrings.keys()].map((id) => this.context(id)));
    },
    context: (vaultId) => this.context(vaultId),
  };

  async items(vaultId?: string): Promise<ItemActions> {
    return new ItemActions(await this.context(vaultId));
  }

  /** Every vault's list rows, from the summary index, made again only when something moved (list-rows.ts). */
  async listRows(): Promise<AllRows> {
    const { unlocked } = await this.requireUnlocked();
    return allRows(await this.allItems(), unlocked.rows);
  }

  /** This browser's starred keys (favourites.ts); those of keys now gone are forgotten. */
  async favourites(rows: AllRows): Promise<ReadonlySet<string>> {
    return forgetGone(this.db, rows);
  }

  /** Stars or unstars a key (the page that asked lists again: a star moves the row). */
  async setFavourite(vaultId: string, itemId: string, on: boolean): Promise<{ favourite: boolean }> {
    return { favourite: await setFavourite(this.db, await this.listRows(), vaultId, itemId, on) };
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
}
