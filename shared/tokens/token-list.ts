/**
 * The vault's access tokens as a member's client sees them: each server row with its description
 * opened under the vault key. A description that does not open (forged, or sealed under an older key
 * version) is kept aside with its reason and never granted anything; where the server's clear copy of
 * the expiry or the address ranges differs from the sealed one, that is said too (the server enforces
 * its copy: a difference means it was changed behind the admin's back).
 */
import { CryptoError } from '../errors.js';
import type { TokenKey } from '../crypto/keys.js';
import type { TokenSummary } from '../protocol/tokens.js';
import type { ApiClient } from '../sync/api-client.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { modeOf, openDescriptor, type TokenAdminKey, type TokenDescriptor } from './descriptor.js';
import { tokenRoutes } from './token-api.js';
import { tokenKeyFromText } from './token-keys.js';

export interface ListedToken {
  summary: TokenSummary;
  /** Null when the description did not open: `problem` says why. */
  descriptor: TokenDescriptor | null;
  problem: string | null;
}

export interface TokenList {
  seq: number;
  tokens: ListedToken[];
}

/** Tokens a verified `token.revoke` entry named, with its time (the chain head's `tokensRevoked`). */
export type ChainRevocations = Readonly<Record<string, number>>;

const UNREVOKED = 'the server lists it as live, but the vault’s signed log says it was revoked: it is treated as revoked here, and gets nothing';

/**
 * `revokedInChain`: a token the chain says was revoked stays revoked whatever the server's list says,
 * so a server that clears a revocation gets the token no grant and no new key version.
 */
export async function listTokens(api: ApiClient, vaultId: string, keyring: VaultKeyring, adminKey: TokenAdminKey, revokedInChain: ChainRevocations = {}): Promise<TokenList> {
  const { seq, tokens } = await tokenRoutes(api).list(vaultId);
  const listed = tokens.map(async (summary) => {
    const chainRevoked = summary.revokedAt === null ? revokedInChain[summary.id] : undefined;
    if (chainRevoked === undefined) return openListed(summary, vaultId, keyring, adminKey);
    return { ...(await openListed({ ...summary, revokedAt: chainRevoked }, vaultId, keyring, adminKey)), problem: UNREVOKED };
  });
  return { seq, tokens: await Promise.all(listed) };
}

async function openListed(summary: TokenSummary, vaultId: string, keyring: VaultKeyring, adminKey: TokenAdminKey): Promise<ListedToken> {
  try {
    // A revoked token is never re-sealed after a rotation; it keeps its name in the list all the same.
    const descriptor = await openDescriptor(summary.descriptor, { vaultId, tokenId: summary.id }, keyring, adminKey, { olderVersions: summary.revokedAt !== null });
    return { summary, descriptor, problem: serverDrift(summary, descriptor) };
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    const problem =
      error.code === 'unknown-key-version'
        ? 'its description is sealed under another vault key version than the current one: an admin’s client re-seals it after a key rotation'
        : 'its description does not open under the vault key or is not signed by an admin: it was not made by an admin of this vault (forged or damaged)';
    return { summary, descriptor: null, problem };
  }
}

function serverDrift(summary: TokenSummary, d: TokenDescriptor): string | null {
  if (summary.mode !== modeOf(d.scope)) return 'the server lists it with another kind of scope than it was made with';
  if (summary.expiresAt !== d.expiresAt) return 'the server’s expiry for it differs from the one it was made with';
  const ranges = (list: readonly string[]) => [...list].sort().join(',');
  if (ranges(summary.allowedIps) !== ranges(d.allowedIps)) return 'the server’s allowed addresses for it differ from the ones it was made with';
  return null;
}

/** The live narrowed tokens of a list, with their keys: whom a write must wrap its DEK for. */
export interface NarrowedToken {
  id: string;
  descriptor: TokenDescriptor;
  key: TokenKey;
}

export async function narrowedTokens(list: TokenList): Promise<NarrowedToken[]> {
  const live = list.tokens.filter((t) => t.descriptor && t.summary.revokedAt === null && t.summary.mode === 'items' && modeOf(t.descriptor.scope) === 'items');
  return Promise.all(live.map(async (t) => ({ id: t.summary.id, descriptor: t.descriptor!, key: await tokenKeyFromText(t.descriptor!.key) })));
}
