/**
 * Revoking access tokens (docs/crypto.md §25, "Revocation"). The server deletes what a revoked token may
 * read and refuses it at once; that is enough against the token alone, not against its holder with the
 * server's data. So:
 *  - a vault-wide token held the vault key: revoking it rotates the vault key (the caller does, as after
 *    removing a member), so what is written from then on is under a version its holder never had;
 *  - every member could read a token's key in its description: when someone leaves a team vault, the
 *    tokens made before they left cannot be carried to the new key version (the one who left could unwrap
 *    it) and are revoked by the rotation instead, with that reason in the chain.
 */
import type { AuditActionV2 } from '../audit/record.js';
import type { ApiClient } from '../sync/api-client.js';
import type { Roster } from '../team/roster.js';
import { modeOf } from './descriptor.js';
import { tokenRoutes } from './token-api.js';
import type { ListedToken } from './token-list.js';

/** Where a revocation is signed into the vault's chain (the sync engine). */
export interface TokenAuditLog {
  recordAudit(vaultId: string, action: AuditActionV2, itemId: string | null, detail: Record<string, unknown>): Promise<unknown>;
}

/** Why a token was revoked, as the chain says it: by an admin, or because someone who could read its key left. */
export type RevocationReason = 'revoked' | 'member-left';

export async function revokeToken(api: ApiClient, vaultId: string, tokenId: string): Promise<void> {
  await tokenRoutes(api).revoke(vaultId, tokenId);
}

/**
 * Revokes `token` on the server and signs `token.revoke` into the chain. Returns whether the vault key
 * must now be rotated: a vault-wide token held it.
 */
export async function revokeAndRecord(api: ApiClient, audit: TokenAuditLog, vaultId: string, token: ListedToken, reason: RevocationReason = 'revoked'): Promise<{ rotateVaultKey: boolean }> {
  await revokeToken(api, vaultId, token.summary.id);
  await audit.recordAudit(vaultId, 'token.revoke', null, { tokenId: token.summary.id, name: token.descriptor?.name ?? null, ...(reason === 'revoked' ? {} : { reason }) });
  return { rotateVaultKey: holdsVaultKey(token) };
}

/** A vault-wide token, by its signed scope or, when that did not open, by the server's word (the careful reading). */
export const holdsVaultKey = (token: ListedToken) => (token.descriptor ? modeOf(token.descriptor.scope) === 'vault' : token.summary.mode === 'vault');

/**
 * The live tokens someone who has since left could read the key of: made before the latest departure in
 * the verified roster. They must not get a new key version or new grants.
 */
export function exposedByDeparture(tokens: readonly ListedToken[], roster: Pick<Roster, 'former'> | null): ListedToken[] {
  const lastLeft = Math.max(-1, ...(roster?.former.map((f) => f.at) ?? []));
  return tokens.filter((t) => t.summary.revokedAt === null && (t.descriptor?.createdAt ?? t.summary.createdAt) <= lastLeft);
}
