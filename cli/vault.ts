/**
 * One command's view of the local vault: the state file unlocked with the password, the vault keyrings,
 * the sync engine over the persisted store, and a `save` that writes everything back.
 */
import {
  ApiClient,
  fromBase64url,
  MemoryStore,
  openSessionToken,
  openVaultKeyring,
  sealSessionToken,
  parseOrThrow as parseState,
  SummaryIndex,
  SyncEngine,
  SyncError,
  openLocalItems,
  isTrashed,
  type IndexedItem,
  CryptoError,
  signInAgain,
  rewrapDeviceKey,
  unlockAccount,
  unwrapDeviceKey,
  serverVaults,
  mergeServerVaults,
  sameServerCopies,
  type AuditAction,
  type ItemPayload,
  type SyncEvent,
  type SyncReport,
  type UnlockedAccount,
  type VaultKeyring,
  type IdentityVerifyKey,
  ensureIdentity,
  openSigningIdentity,
  teamIdentities,
  shareTrustFrom,
  tokenAdminKeys,
  emptyTeamMemory,
  pullTeamMemory,
  pushTeamMemory,
} from '../shared/index.js';
import { checkRosters, identityKeyPair, requireWriter, teamStoreOf } from './team.js';
import { EXIT } from './exit-codes.js';
import { CliError } from './errors.js';
import type { Home } from './home.js';
import { stateSchema, type CliState, type VaultState } from './state.js';

export class CliVault {
  readonly store: MemoryStore;
  readonly events: SyncEvent[] = [];
  private readonly keyrings = new Map<string, VaultKeyring>();
  private engineInstance: SyncEngine | null = null;
  private indexInstance: SummaryIndex | null = null;
  /**
   * What the state file holds when this command read it and changed nothing since: the store's change
   * count then and the rest of the state as text. null: unknown (a new or renewed state), write it.
   */
  private onDisk: { changes: number; rest: string } | null = null;

  private constructor(
    readonly home: Home,
    public state: CliState,
    private unlocked: UnlockedAccount,
  ) {
    // readState validated the whole file, the store's part included.
    this.store = MemoryStore.fromParsed(state.sync);
  }

  static async open(home: Home, password: string): Promise<CliVault> {
    if (!home.exists()) {
      throw new CliError('no-vault', 'no vault here yet: run `keyhaven init` (local only) or `keyhaven signup` / `keyhaven login`');
    }
    const raw = home.read();
    // PBKDF2 runs on a worker thread: started on the file's account record (unlockAccount validates it
    // itself) and given one turn to get there, it overlaps the main thread validating the whole file.
    // Its outcome is looked at only once the whole file passed, so a damaged file still says so first.
    const unlocking = unlockAccount(password, (raw as { account?: unknown } | null)?.account).then(
      (account) => ({ account }),
      (refusal: unknown) => ({ refusal }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const state = parseState(stateSchema, raw, `${home.stateFile}`);
    const unlocked = await unlocking;
    try {
      if ('refusal' in unlocked) throw unlocked.refusal;
      const vault = new CliVault(home, state, unlocked.account);
      vault.onDisk = { changes: 0, rest: stateWithoutSync(state) };
      return vault;
    } catch (refusal) {
      // A password set on another device: the local record refuses it, the server's current one may not.
      if (!(refusal instanceof CryptoError && refusal.code === 'wrong-password') || !state.server || !state.email) throw refusal;
      return CliVault.signInAgain(home, state, password).catch(() => {
        throw refusal;
      });
    }
  }

  /** The home's state file, parsed; nothing in it opens without the password. */
  static readState(home: Home): CliState {
    return parseState(stateSchema, home.read(), `${home.stateFile}`);
  }

  /**
   * Signs this device in again with the account's current password, after a password change on another
   * device ended its session: the server's record of the account key replaces the local one, so that
   * password opens this home from now on. The device, its key and everything queued stay as they are.
   */
  static async signInAgain(home: Home, state: CliState, password: string): Promise<CliVault> {
    if (!state.server || !state.email) throw new CliError('not-signed-in', 'this home is not signed up on a server: `keyhaven signup` first');
    const { token, keyring, keyringRevision, unlocked, keyrings } = await signInAgain(new ApiClient({ baseUrl: state.server, timeoutMs: 10_000 }), {
      email: state.email,
      password,
      device: { id: state.device.id, name: state.device.name, signingPublicKey: state.device.publicSpki },
      accountId: state.account.accountId,
      localKeyrings: state.vaults.map((v) => v.keyring),
      localAccount: state.account,
    });
    // After an account-key rotation elsewhere, what this home holds is under a version the record keeps as older.
    const older = [...unlocked.olderKeys.values()];
    const rewrap = (blob: string) => rewrapDeviceKey(blob, unlocked.accountId, state.device.id, older, unlocked.accountKey);
    const device = { ...state.device, wrappedSigningKey: await rewrap(state.device.wrappedSigningKey) };
    const deviceRotation = state.deviceRotation && { ...state.deviceRotation, wrappedSigningKey: await rewrap(state.deviceRotation.wrappedSigningKey) };
    const vaults = state.vaults.map((v, i) => ({ ...v, keyring: keyrings[i]! }));
    const renewed = { ...state, account: keyring.account, identity: keyring.identity, signing: keyring.signing ?? state.signing, accountKeyringRevision: keyringRevision, device, deviceRotation, vaults };
    const vault = new CliVault(home, renewed, unlocked);
    await vault.setToken(token);
    vault.save(); // the new record at once: the old password must not open this home after the change
    return vault;
  }

  static create(home: Home, state: CliState, account: UnlockedAccount): CliVault {
    return new CliVault(home, state, account);
  }

  get account(): UnlockedAccount {
    return this.unlocked;
  }

  /** After an account-key rotation: what this command opens or seals from now on uses the new key. */
  adoptAccountKey(accountKey: UnlockedAccount['accountKey']): void {
    this.unlocked = { ...this.unlocked, accountKey, olderKeys: new Map() };
    this.indexInstance?.rekey(this.unlocked);
  }

  /**
   * Takes each vault's sealed summary index now, while it still matches the items: a command that
   * syncs or writes first would leave it behind and the next listing would rebuild it from every item.
   * A vault whose keys are not here yet is left for the command to report.
   */
  async primeIndex(): Promise<void> {
    for (const v of this.state.vaults) await this.index().summary(v.id).catch(() => undefined);
  }

  /**
   * Brings the summary index up to what this command wrote (only the items it changed are opened) and
   * seals it into the store, so the next command takes it as it is. A cache: failing is not an error.
   */
  async sealIndex(): Promise<void> {
    if (!this.indexInstance) return;
    await this.primeIndex();
    await this.indexInstance.persist().catch(() => undefined);
  }

  /** Writes the state file; call `sealIndex` first for the summary index to be kept with it. */
  save(): void {
    // A command that changed nothing writes nothing. Telling so by the store's change count and the
    // small rest of the state spares a read-only command (`get`, `ls`) copying and serialising every
    // item only to compare the text with the file: a fifth of its time on a 10 000-item vault.
    const rest = stateWithoutSync(this.state);
    if (this.onDisk && this.onDisk.changes === this.store.changeCount && this.onDisk.rest === rest) return;
    this.state.sync = this.store.snapshot();
    this.home.write(this.state);
    this.onDisk = { changes: this.store.changeCount, rest };
  }

  // ---- vaults and keys ----

  vault(nameOrId?: string): VaultState {
    const wanted = nameOrId ?? this.state.defaultVault;
    const found = this.state.vaults.filter((v) => v.id === wanted || v.name === wanted || v.name.toLowerCase() === wanted.toLowerCase());
    if (found.length === 0) throw new CliError('not-found', `no vault named "${wanted}"; \`keyhaven vault ls\` lists them`);
    return found[0]!;
  }

  async keyring(vaultId: string): Promise<VaultKeyring> {
    let keyring = this.keyrings.get(vaultId);
    if (!keyring) {
      const vault = this.state.vaults.find((v) => v.id === vaultId);
      if (!vault) throw new CliError('not-found', `unknown vault ${vaultId}`);
      keyring = await openVaultKeyring(vault.keyring, this.account.accountKey);
      this.keyrings.set(vaultId, keyring);
    }
    return keyring;
  }

  forgetKeyring(vaultId: string): void {
    this.keyrings.delete(vaultId);
  }

  /** Drops a vault this account left: its keys, items, sync state and roster. */
  forget(vaultId: string): void {
    this.state.vaults = this.state.vaults.filter((v) => v.id !== vaultId);
    if (this.state.defaultVault === vaultId) this.state.defaultVault = this.state.vaults[0]!.id;
    delete this.state.rotations[vaultId];
    if (this.state.team) delete this.state.team.rosters[vaultId];
    this.indexInstance?.forget(vaultId);
    this.store.forgetVault(vaultId);
    this.forgetKeyring(vaultId);
  }

  // ---- session and engine ----

  get signedIn(): boolean {
    return Boolean(this.state.server && this.state.session);
  }

  async token(): Promise<string | undefined> {
    if (!this.state.session) return undefined;
    return openSessionToken(this.account, this.state.session.sealedToken);
  }

  async setToken(token: string | null): Promise<void> {
    this.state.session = token
      ? { sealedToken: await sealSessionToken(this.account, token) }
      : null;
  }

  async api(): Promise<ApiClient> {
    if (!this.state.server || !this.state.session) throw new CliError('not-signed-in', 'not signed in to a server: `keyhaven signup` or `keyhaven login` first');
    return new ApiClient({ baseUrl: this.state.server, token: await this.token(), timeoutMs: 10_000 });
  }

  async engine(): Promise<SyncEngine> {
    if (!this.engineInstance) {
      const signingKey = await unwrapDeviceKey(fromBase64url(this.state.device.wrappedSigningKey), this.account.accountKey, this.account.accountId, this.state.device.id);
      // Local-only vaults never reach the network; the client is there for when a server is configured.
      const api = this.signedIn ? await this.api() : new ApiClient({ baseUrl: 'http://127.0.0.1:9' });
      this.engineInstance = new SyncEngine({
        api,
        store: this.store,
        keyringFor: (vaultId) => this.keyring(vaultId),
        device: { deviceId: this.state.device.id, accountId: this.account.accountId, signingKey },
        identities: () => this.identities(),
        tokenAdminKey: (vaultId, accountId) => this.tokenAdminKey(vaultId)(accountId),
        onEvent: (event) => this.events.push(event),
      });
    }
    return this.engineInstance;
  }

  /** Whose signature makes a vault's access token count here (shared/tokens/token-trust.ts). */
  tokenAdminKey(vaultId: string): (accountId: string) => Promise<IdentityVerifyKey | null> {
    const own = async () => (this.state.signing ? (await openSigningIdentity(this.state.signing, this.account.accountKey, this.account.accountId)).verifyKey : null);
    return (accountId) => tokenAdminKeys(teamStoreOf(this), this.account.accountId, own)(vaultId, accountId);
  }

  /** The identity signing keys this device trusts: its own account's, and teammates' from verified rosters. */
  async identities(): Promise<Map<string, IdentityVerifyKey>> {
    if (!this.state.signing) return new Map();
    const identity = await openSigningIdentity(this.state.signing, this.account.accountKey, this.account.accountId);
    return teamIdentities(teamStoreOf(this), new Map([[this.account.accountId, identity.verifyKey]]));
  }

  /** Gives a home from before v2 its identity signing key and this device its certificate (once). */
  async ensureCertified(): Promise<void> {
    if (this.state.certified && this.state.signing) return;
    const blob = this.state.signing
      ? { v: 2 as const, account: this.state.account, identity: this.state.identity, signing: this.state.signing }
      : { v: 1 as const, account: this.state.account, identity: this.state.identity };
    const api = await this.api();
    const done = await ensureIdentity(api, {
      account: this.account,
      keyring: blob,
      keyringRevision: this.state.accountKeyringRevision ?? (await api.account()).keyringRevision,
      device: { id: this.state.device.id, publicSpki: this.state.device.publicSpki },
    });
    this.state.signing = done.keyring.signing;
    this.state.accountKeyringRevision = done.keyringRevision;
    this.state.certified = true;
  }

  /** Each vault with its item count, key version and sync state, for `status` and `vault ls`. */
  async vaultSummaries(): Promise<{ id: string; name: string; items: number; keyVersion: number; default: boolean; synced: boolean }[]> {
    const summaries = [];
    for (const v of this.state.vaults) {
      const { items, unreadable } = await this.index().summary(v.id);
      summaries.push({ id: v.id, name: v.name, items: items.length + unreadable, keyVersion: v.keyring.current, default: v.id === this.state.defaultVault, synced: v.remote });
    }
    return summaries;
  }

  // ---- items ----

  private async openOne(vaultId: string, itemId: string): Promise<ItemPayload> {
    const item = await this.store.getItem(vaultId, itemId);
    const [opened] = item ? await openLocalItems([item], vaultId, await this.keyring(vaultId)) : [];
    if (!opened) throw new CliError('not-found', `item ${itemId} no longer exists`);
    if (!opened.ok) throw opened.error;
    return opened.payload;
  }

  async items(vaultId: string) {
    return (await this.engine()).list(vaultId);
  }

  /** The items that open; the ones that do not are counted, for a warning. */
  async readableItems(vaultId: string): Promise<{ items: { itemId: string; payload: ItemPayload }[]; unreadable: number }> {
    const views = await this.items(vaultId);
    const readable = views.flatMap((v) => (v.ok ? [{ itemId: v.itemId, payload: v.payload }] : []));
    // `run`, `env` and exports hand these out: a key in the Trash is deleted as far as they are concerned.
    const items = readable.filter((i) => !isTrashed(i.payload));
    return { items, unreadable: views.length - readable.length };
  }

  /** The summary index over this home's vaults (names, health; no values), sealed into the state file on save. */
  index(): SummaryIndex {
    this.indexInstance ??= new SummaryIndex({
      store: this.store,
      open: async (vaultId, items) => openLocalItems(items, vaultId, await this.keyring(vaultId)),
      keyMark: async (vaultId) => (await this.keyring(vaultId)).versions().join(','),
      sealer: this.account,
    });
    return this.indexInstance;
  }

  /**
   * Finds one item by exact name, then case-insensitive name, then id prefix, in the summary index;
   * only the item found is opened. A key in the Trash is not found: it is named, with how to restore it.
   */
  async findItem(vaultId: string, query: string): Promise<{ itemId: string; payload: ItemPayload }> {
    const { items, trashed } = await this.index().summary(vaultId);
    const found = matchItem(items, query);
    if (found) return { itemId: found.itemId, payload: await this.openOne(vaultId, found.itemId) };
    const binned = matchItem(trashed, query);
    if (binned) throw new CliError('not-found', `"${binned.facts.name}" is in the Trash of "${this.vault(vaultId).name}": \`keyhaven trash restore ${binned.itemId.slice(0, 8)}\` brings it back`);
    throw new CliError('not-found', `no item named "${query}" in vault "${this.vault(vaultId).name}"`);
  }

  /** One key in the Trash, found like findItem finds live ones. */
  async findTrashed(vaultId: string, query: string): Promise<{ itemId: string; payload: ItemPayload }> {
    const found = matchItem((await this.index().summary(vaultId)).trashed, query);
    if (!found) throw new CliError('not-found', `no key named "${query}" in the Trash of "${this.vault(vaultId).name}"`);
    return { itemId: found.itemId, payload: await this.openOne(vaultId, found.itemId) };
  }

  async write(vaultId: string, itemId: string, payload: ItemPayload | null, audit: { action: AuditAction; detail?: unknown }): Promise<void> {
    await requireWriter(this, vaultId);
    const engine = await this.engine();
    await engine.write(vaultId, itemId, payload);
    await engine.recordAudit(vaultId, audit.action, itemId, audit.detail);
  }

  // ---- network ----

  /**
   * Learns of vaults and key versions from the server (another device may have added them). Only
   * versions that open are taken; one the server holds that does not, or one that differs from the
   * version this device already has, is kept aside with a warning and looked at again next time.
   */
  async refreshVaults(): Promise<Set<string>> {
    const remote = await serverVaults(await this.api(), this.account, shareTrustFrom(teamStoreOf(this), await identityKeyPair(this), this.account.accountId));
    // Copies of the same key under the current account key are taken quietly, not warned about as swapped.
    const merge = mergeServerVaults(this.state.vaults, remote, await sameServerCopies(this.state.vaults, remote, this.account));
    for (const w of merge.warnings) this.warn(w.vaultId, w.message);
    for (const v of merge.added) this.state.vaults.push({ ...v, remote: true });
    for (const id of merge.changed) this.forgetKeyring(id);
    return merge.changed;
  }

  private warn(vaultId: string, message: string): void {
    this.events.push({ type: 'integrity', vaultId, itemId: null, reason: 'bad-key', message });
  }

  /** Pull, merge and push every vault; null when there is no server. Offline leaves everything queued. */
  async sync(): Promise<SyncReport | null> {
    if (!this.signedIn) return null;
    await this.ensureCertified();
    const api = await this.api();
    const team = (this.state.team ??= emptyTeamMemory());
    // What this account's other devices verified comes first: a new device then starts from it.
    const pulled = await this.teamStep('team-memory', () => pullTeamMemory(api, this.account, team));
    for (const d of pulled?.disagreements ?? []) this.events.push({ type: 'integrity', vaultId: d.vaultId, itemId: null, reason: 'roster-forked', message: d.message });
    const listed = new Set((await api.vaults()).vaults.map((v) => v.id));
    // Rosters before keys: a share counts only from an admin of the newest roster this device can read,
    // so one signed by an admin removed meanwhile is refused. Vaults that gained a key are read again.
    const findings = await checkRosters(this, this.memberVaults(listed));
    const changed = await this.refreshVaults();
    const synced = this.memberVaults(listed, { say: true });
    for (const [vaultId, found] of await checkRosters(this, synced.filter((v) => changed.has(v.id)))) findings.set(vaultId, found);
    for (const found of findings.values()) this.events.push(...found);
    if (pulled) await this.teamStep('team-memory', () => pushTeamMemory(api, this.account, team, pulled));
    const engine = await this.engine();
    return engine.sync(synced.map((v) => v.id));
  }

  /** Team bookkeeping that fails (not for being offline) is a warning, never the end of the sync. */
  private async teamStep<T>(what: string, step: () => Promise<T>): Promise<T | null> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof SyncError && error.code === 'offline') throw error;
      this.events.push({ type: 'integrity', vaultId: '-', itemId: null, reason: what, message: `the account's team memory could not be used (${(error as Error).message}); teams are checked without it` });
      return null;
    }
  }

  /**
   * The synced vaults the server still lists for this account. One it no longer lists (the account was
   * removed, or left on another device) is skipped, with a note when `say`, and kept: the server's word
   * alone never deletes local data, and syncing resumes if it lists the vault again.
   */
  private memberVaults(listed: ReadonlySet<string>, options: { say?: boolean } = {}): VaultState[] {
    const remote = this.state.vaults.filter((v) => v.remote);
    if (options.say) {
      for (const v of remote.filter((x) => !listed.has(x.id))) {
        process.stderr.write(`keyhaven: note: the server no longer lists vault "${v.name}" for you (removed by an admin, or left on another device); its copy here is kept and not synced (\`keyhaven vault leave "${v.name}"\` drops it)\n`);
      }
    }
    return remote.filter((v) => listed.has(v.id));
  }

  /** Sync after a local change, telling the user (on stderr) what it merged, or that the server was away. */
  async syncQuietly(): Promise<SyncReport | null> {
    try {
      const report = await this.sync();
      for (const event of this.events) process.stderr.write(`keyhaven: ${event.type === 'integrity' ? 'WARNING' : 'note'}: ${describeEvent(event)}\n`);
      if (report?.integrity.length || this.events.some((e) => e.type === 'integrity')) process.exitCode = EXIT.integrity;
      return report;
    } catch (error) {
      const signedOut = error instanceof SyncError && error.code === 'unauthorized' && error.server?.code !== 'device-revoked';
      if (!(error instanceof SyncError) || (error.code !== 'offline' && !signedOut)) throw error;
      const pending = await (await this.engine()).pendingCount(this.state.vaults.map((v) => v.id));
      if (error.code === 'offline') {
        process.stderr.write(`keyhaven: saved locally; the server is unreachable, ${pending} change(s) waiting (they go with the next \`keyhaven sync\`)\n`);
      } else {
        // Not a passing outage: nothing syncs until the user signs this device in again.
        process.stderr.write(`keyhaven: saved locally; the server ended this device's session (a password change on another device does), ${pending} change(s) waiting: run \`keyhaven login\` with the current password\n`);
        process.exitCode = EXIT.auth;
      }
      return null;
    }
  }
}

export function describeEvent(event: SyncEvent): string {
  if (event.type === 'integrity') {
    const what = event.itemId ? `item ${event.itemId.slice(0, 8)}` : `vault ${event.vaultId.slice(0, 8)}`;
    return `${what} failed a check (${event.reason}): ${event.message}; it was not taken, the rest works; the server may have been tampered with`;
  }
  if (event.type === 'conflict') return `item ${event.itemId.slice(0, 8)} was also changed on another device; merged (${event.fields.join(', ')})`;
  if (event.type === 'rollback') return `the server sent older data than this device has seen (${event.message}); kept the newer`;
  return `item ${event.itemId.slice(0, 8)} could not be decrypted: ${event.message}`;
}

/** The state file's content apart from the sync store (items, outbox, summaries): a few kilobytes. */
function stateWithoutSync(state: CliState): string {
  return JSON.stringify({ ...state, sync: null });
}

/** Exact name, then case-insensitive name, then an id prefix of at least 6 characters; null when none. */
function matchItem(indexed: readonly IndexedItem[], query: string): IndexedItem | null {
  for (const match of [
    (i: IndexedItem) => i.facts.name === query,
    (i: IndexedItem) => i.facts.name.toLowerCase() === query.toLowerCase(),
    (i: IndexedItem) => query.length >= 6 && i.itemId.startsWith(query),
  ]) {
    const found = indexed.filter(match);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new CliError('ambiguous', `"${query}" names ${found.length} items; use the id (${found.map((f) => f.itemId.slice(0, 8)).join(', ')})`);
  }
  return null;
}
