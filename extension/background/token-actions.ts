/**
 * Access tokens for machines from the extension (docs/crypto.md §25), as `keyhaven token` does them:
 * every member lists a vault's tokens; admins (the owner of a vault nobody else is in) make and revoke
 * them, and each is signed into the vault's audit chain. A made token's text is returned once, in the
 * answer to the page that asked; it is never logged, stored or kept here.
 */
import {
  createToken,
  listTokens,
  openSigningIdentity,
  holdsVaultKey,
  revokeAndRecord,
  SyncError,
  VaultError,
  type ApiClient,
  type ServerItem,
  type TokenAdmin,
  type TokenRequest,
} from '../../shared/index.js';
import type { ParsedRequest } from '../messages/protocol.js';
import type { TokensAnswer } from '../messages/token-protocol.js';
import type { AccountContext } from './context.js';
import { BackgroundError } from './errors.js';
import type { BackgroundPorts } from './ports.js';
import { browserTokenAdminKey } from './token-admin-key.js';
import { TeamActions } from './team-actions.js';
import { scopeChoices, tokenInfo } from './token-view.js';
import { VaultActions } from './vault-actions.js';

const DAY_MS = 86_400_000;
/** As the CLI: a busy vault (an item or the token list moving under us) gets a few tries, each after a sync. */
const ATTEMPTS = 3;

type CreateRequest = Extract<ParsedRequest, { type: 'create-token' }>;

export class TokenActions {
  private readonly vaultActions: VaultActions;

  constructor(private readonly ctx: AccountContext) {
    this.vaultActions = new VaultActions(ctx);
  }

  /** Tokens read a vault through its server: a vault only in this browser, or no longer shared with us, has none. */
  private api(vaultId: string): ApiClient {
    if (!this.ctx.api) throw new BackgroundError('no-server', 'access tokens read a vault through its sync server: connect one in Settings first');
    if (this.ctx.vaults.unlisted.has(vaultId)) throw new VaultError('forbidden', 'this vault is no longer shared with you: its access tokens are not yours to see');
    return this.ctx.api;
  }

  private adminKey(vaultId: string) {
    const keyOf = browserTokenAdminKey(this.ctx.db, this.ctx.account, async () => this.ctx.team);
    return (accountId: string) => keyOf(vaultId, accountId);
  }

  async list(vaultId: string): Promise<TokensAnswer> {
    const { ctx } = this;
    const vault = await this.vaultActions.info(vaultId);
    const list = await listTokens(this.api(vaultId), vaultId, ctx.vaults.keyring(vaultId), this.adminKey(vaultId), await ctx.engine.tokensRevokedInChain(vaultId));
    const { items } = await ctx.index.summary(vaultId);
    const names = new Map(items.map((i) => [i.itemId, i.facts.name]));
    const roster = await ctx.team.roster(vaultId);
    // "by you" rather than the own email: shorter, and what a person checks first.
    const emails = new Map([...(roster?.members ?? []).map((m) => [m.account, m.email] as const), [ctx.account.accountId, 'you'] as const]);
    const now = Date.now();
    // Live ones first, newest first: the ones a person came to check or revoke.
    const tokens = list.tokens.map((t) => tokenInfo(t, names, emails, now)).sort((a, b) => Number(a.state !== 'live') - Number(b.state !== 'live') || b.createdAt.localeCompare(a.createdAt));
    return { vault, canManage: (vault.role === null || vault.role === 'admin') && !vault.unlisted, tokens, choices: scopeChoices(items) };
  }

  async create(asked: CreateRequest): Promise<TokensAnswer & { token: string; made: TokensAnswer['tokens'][number] }> {
    const { ctx } = this;
    const { vaultId } = asked;
    this.api(vaultId);
    await this.vaultActions.requireRole(vaultId, 'admin', 'make access tokens');
    const request: TokenRequest = {
      name: asked.name,
      scope: asked.scope,
      expiresAt: asked.expiresInDays === null ? null : Date.now() + asked.expiresInDays * DAY_MS,
      allowedIps: asked.allowedIps,
    };
    const { token, descriptor } = await this.createSynced(vaultId, request);
    const { id, name, scope, expiresAt, allowedIps } = descriptor;
    await ctx.engine.recordAudit(vaultId, 'token.create', null, { tokenId: id, name, scope, expiresAt, allowedIps });
    this.changed(vaultId);
    const answer = await this.list(vaultId);
    const made = answer.tokens.find((t) => t.id === id);
    if (!made) throw new SyncError('bad-response', 'the server took the new token but does not list it');
    return { ...answer, token, made };
  }

  /** Like `keyhaven token create`: from the items as the server holds them, after a sync, again when they moved meanwhile. */
  private async createSynced(vaultId: string, request: TokenRequest) {
    const { ctx } = this;
    for (let attempt = 1; ; attempt++) {
      await ctx.syncNow();
      if ((await ctx.engine.pendingWrites([vaultId])) > 0) {
        throw new VaultError('concurrent-change', 'this vault has changes not on the server yet (offline?): once they are synced, make the token again');
      }
      // A narrowed token is granted exactly the revisions the server holds: the synced bases, not local edits.
      const items: ServerItem[] = (await ctx.store.listItems(vaultId)).flatMap((i) => (i.base && !i.base.deleted && i.base.blob ? [{ itemId: i.itemId, revision: i.base.revision, blob: i.base.blob }] : []));
      try {
        return await createToken(await this.admin(vaultId), request, items);
      } catch (error) {
        const moved = error instanceof SyncError && (error.server?.code === 'tokens-changed' || error.server?.code === 'revision-conflict');
        if (!moved || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async admin(vaultId: string): Promise<TokenAdmin> {
    const { ctx } = this;
    // Read now, not from the context: the first sync after an old profile's unlock may just have made it.
    const signing = (await ctx.db.profile.get('main'))?.signing;
    if (!signing) throw new BackgroundError('no-server', 'this browser has no identity signing key yet: let it sync once, then try again');
    const { signingKey } = await openSigningIdentity(signing, ctx.account.accountKey, ctx.account.accountId);
    return {
      api: this.api(vaultId),
      accountId: ctx.account.accountId,
      signingKey,
      accountKey: ctx.account.accountKey,
      record: (await ctx.vaults.find(vaultId)).keyring,
      keyring: ctx.vaults.keyring(vaultId),
      adminKey: this.adminKey(vaultId),
    };
  }

  async revoke(vaultId: string, tokenId: string): Promise<TokensAnswer> {
    const { ctx } = this;
    const api = this.api(vaultId);
    await this.vaultActions.requireRole(vaultId, 'admin', 'revoke access tokens');
    const list = await listTokens(api, vaultId, ctx.vaults.keyring(vaultId), this.adminKey(vaultId), await ctx.engine.tokensRevokedInChain(vaultId));
    const token = list.tokens.find((t) => t.summary.id === tokenId);
    if (!token) throw new BackgroundError('not-found', 'no such access token in this vault (deleted on the server?)');
    if (token.summary.revokedAt !== null) throw new BackgroundError('exists', 'this access token is already revoked');
    const team = new TeamActions(ctx);
    // A vault-wide token held the vault key: revoking it rotates the key, so check that the key can be rotated first.
    if (holdsVaultKey(token)) await team.assertRotatable(vaultId);
    const { rotateVaultKey } = await revokeAndRecord(api, ctx.engine, vaultId, token);
    this.changed(vaultId);
    if (rotateVaultKey) await this.rotateAfterRevoke(team, vaultId);
    return this.list(vaultId);
  }

  private async rotateAfterRevoke(team: TeamActions, vaultId: string): Promise<void> {
    try {
      await team.rotateAfresh(vaultId);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new BackgroundError('incomplete', `The token is revoked, but the vault key could not be rotated (${why}). Until it is, whoever held the token could read new writes with the server's data: rotate the key from this vault's settings.`);
    }
  }

  /** The next push reads the token list again (the server's notice would say so too), and the audit entry goes out. */
  private changed(vaultId: string): void {
    this.ctx.engine.tokensChanged(vaultId);
    this.ctx.afterWrite();
  }
}

/** The page copied a token it was just shown: the clipboard is cleared later like a copied key (only a digest is kept). */
export async function tokenCopied(ports: BackgroundPorts, clearAfterSeconds: number, token: string): Promise<{ clearAfterSeconds: number }> {
  await ports.clearClipboardLater(token, clearAfterSeconds);
  return { clearAfterSeconds };
}
