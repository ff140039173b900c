/**
 * Reading a vault with an access token alone (docs/crypto.md §25): no account, no password, nothing
 * kept. The token's text gives the credential (for the server) and the token key (for what is wrapped
 * for it); every item is opened here, and one that does not open, or that a narrowed token's scope does
 * not hold, is set aside with the reason while the rest are read.
 */
import { CryptoError, SyncError, VaultError } from '../errors.js';
import { ApiClient, type FetchLike } from '../sync/api-client.js';
import { itemEnvelopeSchema, openItem, openItemWithDek, readEnvelope } from '../vault/envelope.js';
import type { ItemPayload } from '../vault/item.js';
import { isTrashed } from '../vault/trash.js';
import { VaultKeyring } from '../vault/keyring.js';
import type { VaultKey } from '../crypto/keys.js';
import type { TokenItem } from '../protocol/tokens.js';
import { parseOrThrow } from '../util/parse.js';
import { inScope, modeOf, openView, type TokenView } from './descriptor.js';
import { tokenReads } from './token-api.js';
import { deriveTokenSecrets, importTokenKey } from './token-keys.js';
import { parseToken } from './token-string.js';
import { unwrapDekForToken, unwrapVaultKeyForToken, type TokenRef } from './token-wrap.js';

export interface TokenRead {
  view: TokenView;
  items: { itemId: string; payload: ItemPayload }[];
  /** Items set aside, each with what was wrong (shown as warnings; the rest are used). */
  problems: { itemId: string; message: string }[];
}

export async function readWithToken(tokenText: string, options: { baseUrl: string; fetch?: FetchLike; now?: number }): Promise<TokenRead> {
  const secret = parseToken(tokenText);
  const { credential, keyBytes } = await deriveTokenSecrets(secret);
  secret.fill(0);
  const tokenKey = await importTokenKey(keyBytes);
  keyBytes.fill(0);
  const reads = tokenReads(new ApiClient({ baseUrl: options.baseUrl, token: credential, fetch: options.fetch }));
  const self = await reads.self();
  const ref: TokenRef = { vaultId: self.vaultId, tokenId: self.tokenId };
  const view = await openView(self.view, ref, tokenKey).catch((error: unknown) => {
    if (error instanceof CryptoError) throw new SyncError('bad-response', 'the server sent a token description that does not open with this token: it is not the one an admin made');
    throw error;
  });
  // The server enforces the expiry; a server that forgot it does not get the token used past it here.
  if (view.expiresAt !== null && view.expiresAt <= (options.now ?? Date.now())) {
    throw new SyncError('unauthorized', 'this access token has expired; ask an admin of its vault for a new one', { code: 'token-expired' });
  }
  if (modeOf(view.scope) !== self.mode) throw new SyncError('bad-response', 'the server serves this token with another kind of scope than it was made with');
  const open = self.mode === 'vault' ? await vaultOpener(self.keys, ref, tokenKey) : grantOpener(ref, tokenKey);
  const items: TokenRead['items'] = [];
  const trashed: string[] = [];
  const problems: TokenRead['problems'] = [];
  for (let after = 0; ; ) {
    const page = await reads.items(after);
    // A page's items open at once (WebCrypto works them in parallel); the results keep the page's order.
    const outcomes = await Promise.all(
      page.items.map(async (item) => {
        try {
          return { item, payload: await open(item) };
        } catch (error) {
          if (!(error instanceof CryptoError || error instanceof VaultError || error instanceof SyncError)) throw error;
          return { item, error: error.message };
        }
      }),
    );
    for (const { item, payload, error } of outcomes) {
      if (!payload) problems.push({ itemId: item.itemId, message: error! });
      // In the Trash (shared/vault/trash.ts): deleted as far as its owners are concerned; never handed out.
      else if (isTrashed(payload)) trashed.push(item.itemId);
      else if (self.mode === 'items' && !inScope(view.scope, item.itemId, payload)) problems.push({ itemId: item.itemId, message: 'it was granted to this token but is outside its scope; not used' });
      else items.push({ itemId: item.itemId, payload });
    }
    const last = page.items.at(-1);
    if (!page.hasMore || !last || last.seq <= after) break;
    after = last.seq;
  }
  // A scope that names its items (and nothing else: other filters may leave some out) says what must come:
  // one the server left out is said, not silently missing.
  const served = new Set([...items, ...problems].map((i) => i.itemId).concat(trashed));
  const named = view.scope.tags === null && view.scope.environment === null ? (view.scope.items ?? []) : [];
  for (const itemId of named) {
    if (!served.has(itemId)) problems.push({ itemId, message: 'this token’s scope names it, but the server did not send it: it was deleted, or the server withheld it' });
  }
  return { view, items, problems };
}

type Opener = (item: TokenItem) => Promise<ItemPayload>;

async function vaultOpener(keys: { keyVersion: number; blob: string }[], ref: TokenRef, tokenKey: Awaited<ReturnType<typeof importTokenKey>>): Promise<Opener> {
  if (keys.length === 0) throw new SyncError('bad-response', 'the server sent no vault key for this vault-wide token');
  const opened = new Map<number, VaultKey>();
  for (const k of keys) {
    try {
      opened.set(k.keyVersion, await unwrapVaultKeyForToken(k.blob, k.keyVersion, ref, tokenKey));
    } catch {
      // A key that does not open is left out: the items under it are reported, the others are read.
    }
  }
  if (opened.size === 0) throw new SyncError('bad-response', 'none of the vault keys the server sent opens with this token');
  const keyring = new VaultKeyring(ref.vaultId, Math.max(...opened.keys()), opened);
  return (item) => openItem(readEnvelope(item.blob), { vaultId: ref.vaultId, itemId: item.itemId }, keyring);
}

function grantOpener(ref: TokenRef, tokenKey: Awaited<ReturnType<typeof importTokenKey>>): Opener {
  return async (item) => {
    if (!item.grant) throw new SyncError('bad-response', 'the server sent an item without this token’s grant');
    if (item.grant.revision !== item.revision) throw new SyncError('bad-response', `its grant is for revision ${item.grant.revision}, the server sent revision ${item.revision}`);
    const envelope = parseOrThrow(itemEnvelopeSchema, readEnvelope(item.blob), 'item envelope');
    const dek = await unwrapDekForToken(item.grant.blob, item.itemId, item.revision, ref, tokenKey);
    return openItemWithDek(envelope, { vaultId: ref.vaultId, itemId: item.itemId }, dek);
  };
}
