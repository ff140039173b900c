/**
 * Revoking access tokens (docs/crypto.md §25, "Revocation"). The server deletes what a revoked token may
 * read and refuses it at once; that is enough against the token alone, not against its holder with the
 * server's data. So:
 *  - a vault-wide token held the vault key: revoking it rotates the vault key (the caller does, as after
 *    removing a member), so what is written from then on is under a version its holder never had;
 *  - every member can read every token's key (it is in the description), so removing someone from a
 *    team vault revokes all its live tokens before the key is rotated (`revokeForDeparture`).
 * The chain entry is queued before the server is asked: a crash in between leaves a revocation the
 * device already honours (token-list.ts), never one the chain does not know of.
 */
import { auditEntryV2Schema, openAuditDetailV2, type AuditActionV2, type AuditEntryV2 } from '../audit/record.js';
import type { LocalStore } from '../sync/store.js';
import { idSchema } from '../identity/ids.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from '../sync/api-client.js';
import { modeOf } from './descriptor.js';
import { tokenRoutes } from './token-api.js';
import type { ListedToken, TokenList } from './token-list.js';

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
 * Signs `token.revoke` into the chain, then revokes `token` on the server. Returns whether the vault key
 * must now be rotated: a vault-wide token held it (or its scope could not be read, the careful reading).
 */
export async function revokeAndRecord(api: ApiClient, audit: TokenAuditLog, vaultId: string, token: ListedToken, reason: RevocationReason = 'revoked'): Promise<{ rotateVaultKey: boolean }> {
  await audit.recordAudit(vaultId, 'token.revoke', null, { tokenId: token.summary.id, name: token.descriptor?.name ?? null, ...(reason === 'revoked' ? {} : { reason }) });
  await revokeToken(api, vaultId, token.summary.id);
  return { rotateVaultKey: holdsVaultKey(token) };
}

export const holdsVaultKey = (token: ListedToken) => !token.descriptor || modeOf(token.descriptor.scope) === 'vault';

/**
 * Someone is leaving a team vault: they could read every live token's key, so each is revoked (reason
 * `member-left`) before the vault key is rotated; otherwise the rotation would hand the new version, and
 * writers new grants, to keys they know. Returns how many were revoked.
 */
export async function revokeForDeparture(api: ApiClient, audit: TokenAuditLog, vaultId: string, list: TokenList): Promise<number> {
  const live = list.tokens.filter((t) => t.summary.revokedAt === null);
  for (const token of live) await revokeAndRecord(api, audit, vaultId, token, 'member-left');
  return live.length;
}

/** The token a `token.revoke` entry names, or null (another action, a detail this device cannot open, junk). */
export async function revokedTokenId(entry: AuditEntryV2, keyring: VaultKeyring): Promise<string | null> {
  if (entry.action !== 'token.revoke' || entry.detail === null) return null;
  const detail = await openAuditDetailV2(entry, keyring).catch(() => null);
  const tokenId = (detail as { tokenId?: unknown } | null)?.tokenId;
  return typeof tokenId === 'string' && idSchema.safeParse(tokenId).success ? tokenId : null;
}

/**
 * The tokens this device knows were revoked, with when: named by the verified chain (the head's
 * `tokensRevoked`), or by a `token.revoke` it queued and the server has not taken yet.
 */
export async function knownRevocations(store: Pick<LocalStore, 'getAuditHead' | 'auditOutbox'>, vaultId: string, keyring: () => Promise<VaultKeyring>): Promise<Record<string, number>> {
  const known = { ...(await store.getAuditHead(vaultId))?.tokensRevoked };
  const queued = (await store.auditOutbox()).filter((i) => i.vaultId === vaultId && i.action === 'token.revoke');
  for (const intent of queued) {
    const entry = auditEntryV2Schema.safeParse(intent.entry);
    const tokenId = entry.success ? await revokedTokenId(entry.data, await keyring()) : null;
    if (entry.success && tokenId) known[tokenId] = entry.data.ts;
  }
  return known;
}
