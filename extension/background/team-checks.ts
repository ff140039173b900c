/**
 * Team vaults in the extension's background: what this browser verified (kept in its database, sealed
 * under the account key), the roster check each sync runs for every vault before the chain checks, and
 * the account's team memory pulled before and published after (docs/crypto.md §23). Findings are shown
 * like any integrity problem: beside the vault, until a sync passes them.
 */
import {
  aad,
  checkRoster,
  emptyTeamMemory,
  fromBase64url,
  fromUtf8,
  open,
  parseOrThrow,
  pullTeamMemory,
  pushTeamMemory,
  seal,
  shareTrustFrom,
  SyncError,
  teamMemorySchema,
  teamStoreOver,
  toBase64url,
  utf8,
  type ApiClient,
  type IdentityKeyPair,
  type IntegrityProblem,
  type SessionAccount,
  type TeamMemory,
  type TeamStore,
} from '../../shared/index.js';
import type { KeyHavenDatabase } from '../db/database.js';
import type { BrowserVaults } from './browser-vaults.js';

const LOCAL_NAME = 'team-memory';

export class TeamChecks {
  /**
   * One opened memory per unlock, shared by everyone who asks, including callers that ask at the same
   * moment (the first sync and the first list after an unlock): two would each load their own copy, and
   * the rosters one of them verified would be missing from the other's chain checks.
   */
  private opening: { accountId: string; loaded: Promise<{ store: TeamStore; memory: TeamMemory }> } | null = null;

  constructor(private readonly db: KeyHavenDatabase) {}

  private async loaded(account: SessionAccount): Promise<{ store: TeamStore; memory: TeamMemory }> {
    if (this.opening?.accountId !== account.accountId) this.opening = { accountId: account.accountId, loaded: this.open(account) };
    return this.opening.loaded;
  }

  private async open(account: SessionAccount): Promise<{ store: TeamStore; memory: TeamMemory }> {
    const memory = await this.load(account);
    const inner = teamStoreOver(memory);
    const save = () => this.save(account, memory);
    return {
      memory,
      store: {
        ...inner,
        setRoster: async (vaultId, roster) => (await inner.setRoster(vaultId, roster), await save()),
        setPerson: async (person) => (await inner.setPerson(person), await save()),
        setWaiting: async (vaultId, email, invite) => (await inner.setWaiting(vaultId, email, invite), await save()),
        setTakenOnTrust: async (vaultId, onTrust) => (await inner.setTakenOnTrust(vaultId, onTrust), await save()),
      },
    };
  }

  /** The browser's team store; every change is sealed and written to the database at once. */
  async store(account: SessionAccount): Promise<TeamStore> {
    return (await this.loaded(account)).store;
  }

  /**
   * Runs before each sync: memory in; rosters before keys (a share counts only from an admin of the
   * newest roster this browser can read, so one signed by an admin removed meanwhile is refused); then
   * what the server has that is new (vaults, key versions), whose rosters are read again; memory out.
   * A step that fails for another reason than being offline is a finding, never the end of the sync.
   */
  async check(api: ApiClient, account: SessionAccount, vaults: BrowserVaults, identity: IdentityKeyPair): Promise<IntegrityProblem[]> {
    const { store, memory } = await this.loaded(account);
    const findings = new Map<string, IntegrityProblem[]>();
    const pulled = await pullTeamMemory(api, account, memory).catch(rethrowOffline);
    const memoryProblems = pulled ? pulled.disagreements.map((d) => problem(d.vaultId, 'roster-forked', d.message)) : [problem('-', 'team-memory', "the account's team memory could not be used; teams are checked without it")];
    const steps: IntegrityProblem[] = [];
    const step = async <T>(what: string, work: () => Promise<T>): Promise<T | null> =>
      work().catch((error: unknown) => {
        rethrowOffline(error);
        steps.push(problem('-', 'team-check', `${what} failed (${(error as Error).message}); the vaults sync with what this browser has`));
        return null;
      });
    await step("reading the server's vault list", () => vaults.markListed(api));
    const rosters = async (ids: Iterable<string>) => {
      for (const vaultId of ids) {
        try {
          const result = await checkRoster(api, { vaultId, keyring: vaults.keyring(vaultId), store, me: account.accountId });
          findings.set(vaultId, result.warnings.map((w) => problem(vaultId, w.kind, w.message)));
          this.departed.set(vaultId, result.departed);
          this.invited.set(vaultId, result.invited);
        } catch (error) {
          rethrowOffline(error);
          findings.set(vaultId, [problem(vaultId, 'roster-check', `its members could not be checked (${(error as Error).message})`)]);
        }
      }
    };
    await rosters(vaults.syncable());
    const { changed, problems: keyProblems } = (await step('taking new vaults and key versions', () => vaults.refresh(api, shareTrustFrom(store, identity, account.accountId)))) ?? { changed: new Set<string>(), problems: [] };
    await rosters([...changed].filter((id) => !vaults.unlisted.has(id)));
    this.invitationsWaiting = (await step('counting invitations', () => api.invitations()))?.invitations.length ?? this.invitationsWaiting;
    await step('choosing the default vault', () => vaults.settleDefault(async (id) => (await store.roster(id)) !== null || (await store.pin(id)) !== null));
    if (pulled) await pushTeamMemory(api, account, memory, pulled).catch(rethrowOffline);
    await this.save(account, memory);
    return [...memoryProblems, ...steps, ...keyProblems, ...[...findings.values()].flat()];
  }

  /** Members the server no longer lists in a vault (they left): an admin finishes the removal. */
  readonly departed = new Map<string, string[]>();
  /** Members the server lists as invited, not joined yet. */
  readonly invited = new Map<string, string[]>();
  /** Invitations waiting for this account, counted at each sync (for the Vaults tab). */
  invitationsWaiting = 0;

  /** Drops the opened memory (on lock): it is read again, sealed, at the next unlock. */
  forget(): void {
    this.opening = null;
    this.departed.clear();
    this.invited.clear();
    this.invitationsWaiting = 0;
  }

  private async load(account: SessionAccount): Promise<TeamMemory> {
    const row = await this.db.team.get('main');
    if (!row) return emptyTeamMemory();
    try {
      const plain = await open(account.accountKey, fromBase64url(row.sealed), aad.localSecret(account.accountId, LOCAL_NAME));
      return parseOrThrow(teamMemorySchema, JSON.parse(fromUtf8(plain)), 'team memory');
    } catch {
      // Unreadable (another account's, or damaged): start again; the server's copy and the next checks refill it.
      return emptyTeamMemory();
    }
  }

  private async save(account: SessionAccount, memory: TeamMemory): Promise<void> {
    const sealed = await seal(account.accountKey, utf8(JSON.stringify(memory)), aad.localSecret(account.accountId, LOCAL_NAME));
    await this.db.team.put({ key: 'main', sealed: toBase64url(sealed) });
  }
}

const problem = (vaultId: string, reason: string, message: string): IntegrityProblem => ({ vaultId, itemId: null, reason, message });

/** Being offline ends the sync (it is retried); any other failure is a finding and yields null. */
function rethrowOffline(error: unknown): null {
  if (error instanceof SyncError && error.code === 'offline') throw error;
  return null;
}
