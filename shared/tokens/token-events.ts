/**
 * Signs what the server saw of a vault's access tokens into the vault's chain (docs/crypto.md §25): an
 * admin's device claims the waiting events, queues one `token.use` or `token.refuse` entry each, and
 * only then tells the server they are chained. The entries are the server's report, signed by the
 * device that received it: they show when and from where a token was used or refused as the server
 * told it; a server that hides an event can hide it (it is also the one that enforces the token).
 */
import { openAuditDetailV2, type AuditActionV2, type AuditEntryV2 } from '../audit/record.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { ApiClient } from '../sync/api-client.js';
import { TOKEN_EVENTS_PER_CLAIM, type TokenEvent } from '../protocol/tokens.js';
import { tokenRoutes } from './token-api.js';

export type RecordTokenEvent = (action: AuditActionV2, detail: TokenEventDetail) => Promise<void>;

/** What a `token.use` / `token.refuse` entry says (its sealed detail). */
export interface TokenEventDetail {
  tokenId: string;
  /** The server's id for the event: a second entry for the same one (a device died before saying it was chained) is a repeat. */
  event: number;
  at: number;
  ip: string;
  reason?: string;
}

export const detailOf = (e: TokenEvent): TokenEventDetail => ({ tokenId: e.tokenId, event: e.id, at: e.at, ip: e.ip, ...(e.kind === 'refuse' ? { reason: e.reason ?? 'unknown' } : {}) });

/**
 * Chains every waiting event of a vault; returns how many. A bounded number of rounds: a flood waits for
 * the next sync. `alreadyChained`: the server's ids of events the verified chain holds; one served again,
 * or one about a token the vault does not list, is acknowledged without being signed.
 */
export async function chainTokenEvents(api: ApiClient, vaultId: string, record: RecordTokenEvent, alreadyChained: ReadonlySet<number> = new Set(), rounds = 10): Promise<number> {
  const routes = tokenRoutes(api);
  const vaultTokens = new Set((await routes.list(vaultId)).tokens.map((t) => t.id));
  let chained = 0;
  for (let round = 0; round < rounds; round++) {
    const { events } = await routes.claimEvents(vaultId);
    const fresh = events.filter((e) => !alreadyChained.has(e.id) && vaultTokens.has(e.tokenId));
    for (const e of fresh) await record(e.kind === 'use' ? 'token.use' : 'token.refuse', detailOf(e));
    if (events.length > 0) await routes.ackEvents(vaultId, events.map((e) => e.id));
    chained += fresh.length;
    if (events.length < TOKEN_EVENTS_PER_CLAIM) break;
  }
  return chained;
}

/** The server's event id a verified `token.use` / `token.refuse` entry chained, or null. */
export async function chainedEventId(entry: AuditEntryV2, keyring: VaultKeyring): Promise<number | null> {
  if ((entry.action !== 'token.use' && entry.action !== 'token.refuse') || entry.detail === null) return null;
  const detail = await openAuditDetailV2(entry, keyring).catch(() => null);
  const event = (detail as { event?: unknown } | null)?.event;
  return Number.isSafeInteger(event) && (event as number) >= 0 ? (event as number) : null;
}
