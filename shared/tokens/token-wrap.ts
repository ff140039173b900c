/**
 * What a token may read, wrapped under its key (docs/crypto.md §25): a vault-wide token gets every
 * version of the vault key; a narrowed token gets, for each item in its scope, the DEK of that item's
 * current revision, and so can open those writes and nothing else in the vault.
 */
import { fromBase64url, toBase64url } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import type { Dek, TokenKey, VaultKey } from '../crypto/keys.js';
import { DEK_USAGES, VAULT_KEY_USAGES } from '../crypto/usages.js';
import { unwrapAesKey, wrapAesKey } from '../crypto/wrap.js';

export interface TokenRef {
  vaultId: string;
  tokenId: string;
}

/** `key` must be extractable (unwrapped for this purpose). */
export async function wrapVaultKeyForToken(key: VaultKey, version: number, ref: TokenRef, tokenKey: TokenKey): Promise<string> {
  return toBase64url(await wrapAesKey(key, tokenKey, aad.tokenVaultKey(ref.vaultId, ref.tokenId, version)));
}

export async function unwrapVaultKeyForToken(blob: string, version: number, ref: TokenRef, tokenKey: TokenKey): Promise<VaultKey> {
  return (await unwrapAesKey(fromBase64url(blob), tokenKey, aad.tokenVaultKey(ref.vaultId, ref.tokenId, version), [...VAULT_KEY_USAGES])) as VaultKey;
}

/** `dek` must be extractable; `revision` is the item revision whose blob it seals. */
export async function wrapDekForToken(dek: Dek, itemId: string, revision: number, ref: TokenRef, tokenKey: TokenKey): Promise<string> {
  return toBase64url(await wrapAesKey(dek, tokenKey, aad.tokenDek(ref.vaultId, ref.tokenId, itemId, revision)));
}

export async function unwrapDekForToken(blob: string, itemId: string, revision: number, ref: TokenRef, tokenKey: TokenKey): Promise<Dek> {
  return (await unwrapAesKey(fromBase64url(blob), tokenKey, aad.tokenDek(ref.vaultId, ref.tokenId, itemId, revision), [...DEK_USAGES])) as Dek;
}
