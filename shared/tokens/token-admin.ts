/**
 * Making, revoking and re-wrapping access tokens, as an admin's client does it (docs/crypto.md §25).
 * The token's text exists only in what `createToken` returns: it is shown once and never stored.
 */
import { toBase64url } from '../encoding.js';
import type { AccountKey, IdentitySigningKey } from '../crypto/keys.js';
import { newId } from '../crypto/random.js';
import type { ApiClient } from '../sync/api-client.js';
import { extractableDek, itemEnvelopeSchema, openItemWithDek, readEnvelope } from '../vault/envelope.js';
import { openVaultKeyring, unwrapVaultKey, VaultKeyring, type VaultKeyringRecord } from '../vault/keyring.js';
import { parseOrThrow, validInput } from '../util/parse.js';
import { VaultError } from '../errors.js';
import { inScope, modeOf, sealDescriptor, sealView, signDescriptor, viewOf, type TokenAdminKey, tokenRequestSchema, type TokenDescriptor, type TokenRequest } from './descriptor.js';
import { tokenRoutes } from './token-api.js';
import { credentialHash, deriveTokenSecrets, importTokenKey, tokenKeyFromText } from './token-keys.js';
import { listTokens, type ChainRevocations } from './token-list.js';
import { newTokenSecret } from './token-string.js';
import { wrapDekForToken, wrapVaultKeyForToken } from './token-wrap.js';

export interface TokenAdmin {
  api: ApiClient;
  accountId: string;
  signingKey: IdentitySigningKey;
  accountKey: AccountKey;
  /** The vault's keyring record (every version, wrapped under the account key) and the opened keyring. */
  record: VaultKeyringRecord;
  keyring: VaultKeyring;
  adminKey: TokenAdminKey;
}

/** An item as the server holds it now (the client's synced base): a narrowed token is granted exactly this revision. */
export interface ServerItem {
  itemId: string;
  revision: number;
  blob: string;
}

/**
 * Makes a token and hands it to the server. `items`: the vault's live items as the server holds them;
 * the caller syncs first, and tries again after a sync when the server answers that an item or the
 * token list moved meanwhile (`revision-conflict`, `tokens-changed`).
 */
export async function createToken(admin: TokenAdmin, asked: TokenRequest, items: ServerItem[], now = Date.now()): Promise<{ token: string; descriptor: TokenDescriptor }> {
  const request = validInput(tokenRequestSchema, asked, 'access token');
  if (request.expiresAt !== null && request.expiresAt <= now) throw new VaultError('invalid-input', 'access token: the expiry must be in the future');
  const vaultId = admin.record.vaultId;
  const { seq } = await listTokens(admin.api, vaultId, admin.keyring, admin.adminKey);
  const { secret, text } = newTokenSecret();
  const { credential, keyBytes } = await deriveTokenSecrets(secret);
  secret.fill(0);
  const id = newId();
  const descriptor = await signDescriptor(
    { v: 2, kind: 'access-token', vault: vaultId, id, name: request.name, scope: request.scope, readOnly: true, expiresAt: request.expiresAt, allowedIps: request.allowedIps, createdAt: now, by: admin.accountId, key: toBase64url(keyBytes) },
    admin.signingKey,
  );
  const tokenKey = await importTokenKey(keyBytes);
  keyBytes.fill(0);
  const ref = { vaultId, tokenId: id };
  const mode = modeOf(request.scope);
  const keys = mode === 'vault' ? await vaultKeyCopies(admin, tokenKey, id, admin.record.keys.map((k) => k.version)) : [];
  const grants: { itemId: string; revision: number; blob: string }[] = [];
  if (mode === 'items') {
    for (const item of items) {
      const envelope = parseOrThrow(itemEnvelopeSchema, readEnvelope(item.blob), 'item envelope');
      const dek = await extractableDek(envelope, { vaultId, itemId: item.itemId }, admin.keyring);
      const payload = await openItemWithDek(envelope, { vaultId, itemId: item.itemId }, dek);
      if (inScope(request.scope, item.itemId, payload)) grants.push({ itemId: item.itemId, revision: item.revision, blob: await wrapDekForToken(dek, item.itemId, item.revision, ref, tokenKey) });
    }
  }
  await tokenRoutes(admin.api).create(vaultId, {
    id,
    credentialHash: await credentialHash(credential),
    descriptor: await sealDescriptor(descriptor, admin.keyring),
    view: await sealView(viewOf(descriptor), tokenKey),
    mode,
    expiresAt: request.expiresAt,
    allowedIps: request.allowedIps,
    keys,
    grants,
    baseSeq: seq,
  });
  return { token: text, descriptor };
}

export interface RewrapContext {
  /** Tokens this device knows were revoked (the verified chain, its own queued entries): never carried over, whatever the server lists. */
  revokedInChain: ChainRevocations;
}

/**
 * After a vault-key rotation made `version` current: every live token's description sealed again under
 * it and, for a vault-wide token, the new version wrapped for it. Only descriptions this device can
 * verify (an admin's signature, the version before) are carried over: a forged one stays behind, and so
 * does one this device knows was revoked. Runs again harmlessly on a resume.
 */
export async function rewrapTokens(admin: Pick<TokenAdmin, 'api' | 'accountKey' | 'record' | 'keyring' | 'adminKey'>, version: number, context: RewrapContext): Promise<{ rewrapped: number }> {
  const vaultId = admin.record.vaultId;
  const older = admin.keyring.versions().filter((v) => v < version);
  if (older.length === 0) return { rewrapped: 0 };
  const previous = new VaultKeyring(vaultId, Math.max(...older), new Map(older.map((v) => [v, admin.keyring.get(v)])));
  const list = await listTokens(admin.api, vaultId, previous, admin.adminKey, context.revokedInChain);
  const current = await listTokens(admin.api, vaultId, admin.keyring, admin.adminKey, context.revokedInChain);
  const done = new Set(current.tokens.filter((t) => t.descriptor).map((t) => t.summary.id));
  let rewrapped = 0;
  for (const { summary, descriptor } of list.tokens) {
    if (!descriptor || summary.revokedAt !== null || done.has(summary.id)) continue;
    const tokenKey = await tokenKeyFromText(descriptor.key);
    const keys = modeOf(descriptor.scope) === 'vault' ? await vaultKeyCopies(admin, tokenKey, summary.id, [version]) : [];
    await tokenRoutes(admin.api).rewrap(vaultId, summary.id, { descriptor: await sealDescriptor(descriptor, admin.keyring), keys });
    rewrapped++;
  }
  return { rewrapped };
}

async function vaultKeyCopies(admin: Pick<TokenAdmin, 'accountKey' | 'record'>, tokenKey: Awaited<ReturnType<typeof importTokenKey>>, tokenId: string, versions: number[]) {
  const vaultId = admin.record.vaultId;
  return Promise.all(
    versions.map(async (version) => {
      const entry = admin.record.keys.find((k) => k.version === version)!;
      const key = await unwrapVaultKey(entry, admin.accountKey, vaultId, true);
      return { keyVersion: version, blob: await wrapVaultKeyForToken(key, version, { vaultId, tokenId }, tokenKey) };
    }),
  );
}

/** The rotation's `publish` step, for tokens: called with the keyring record that holds the new version. */
export async function rewrapTokensAfterRotation(api: ApiClient, accountKey: AccountKey, record: VaultKeyringRecord, version: number, adminKey: TokenAdminKey, context: RewrapContext) {
  const keyring = await openVaultKeyring({ ...record, current: version }, accountKey);
  return rewrapTokens({ api, accountKey, record, keyring, adminKey }, version, context);
}
