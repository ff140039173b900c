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
  teamMemorySchema,
  teamStoreOver,
  toBase64url,
  utf8,
  type ApiClient,
  type IntegrityProblem,
  type SessionAccount,
  type TeamMemory,
  type TeamStore,
  type VaultKeyring,
} from '../../shared/index.js';
import type { KeyHavenDatabase } from '../db/database.js';

const LOCAL_NAME = 'team-memory';

export class TeamChecks {
  private loaded: { accountId: string; store: TeamStore; memory: TeamMemory } | null = null;

  constructor(private readonly db: KeyHavenDatabase) {}

  /** The browser's team store; every change is sealed and written to the database at once. */
  async store(account: SessionAccount): Promise<TeamStore> {
    if (this.loaded?.accountId !== account.accountId) {
      const memory = await this.load(account);
      const inner = teamStoreOver(memory);
      const save = () => this.save(account, memory);
      this.loaded = {
        accountId: account.accountId,
        memory,
        store: {
          ...inner,
          setRoster: async (vaultId, roster) => (await inner.setRoster(vaultId, roster), await save()),
          setPerson: async (person) => (await inner.setPerson(person), await save()),
        },
      };
    }
    return this.loaded.store;
  }

  /** Runs before each sync: memory in, every vault's roster checked, memory out. */
  async check(api: ApiClient, account: SessionAccount, keyrings: ReadonlyMap<string, VaultKeyring>): Promise<IntegrityProblem[]> {
    const store = await this.store(account);
    const memory = this.loaded!.memory;
    const pulled = await pullTeamMemory(api, account, memory);
    const problems: IntegrityProblem[] = [];
    for (const [vaultId, keyring] of keyrings) {
      const result = await checkRoster(api, { vaultId, keyring, store, me: account.accountId });
      for (const w of result.warnings) problems.push({ vaultId, itemId: null, reason: w.kind, message: w.message });
    }
    await pushTeamMemory(api, account, memory, pulled);
    await this.save(account, memory);
    return problems;
  }

  /** Drops the opened memory (on lock): it is read again, sealed, at the next unlock. */
  forget(): void {
    this.loaded = null;
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
