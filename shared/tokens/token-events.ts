/**
 * Signs what the server saw of a vault's access tokens into the vault's chain (docs/crypto.md §25): an
 * admin's device claims the waiting events, queues one `token.use` or `token.refuse` entry each, and
 * only then tells the server they are chained. The entries are the server's report, signed by the
 * device that received it: they show when and from where a token was used or refused as the server
 * told it; a server that hides an event can hide it (it is also the one that enforces the token).
 */
import type { AuditActionV2 } from '../audit/record.js';
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

/** Chains every waiting event of a vault; returns how many. A bounded number of rounds: a flood waits for the next sync. */
export async function chainTokenEvents(api: ApiClient, vaultId: string, record: RecordTokenEvent, rounds = 10): Promise<number> {
  const routes = tokenRoutes(api);
  let chained = 0;
  for (let round = 0; round < rounds; round++) {
    const { events } = await routes.claimEvents(vaultId);
    for (const e of events) await record(e.kind === 'use' ? 'token.use' : 'token.refuse', detailOf(e));
    if (events.length > 0) await routes.ackEvents(vaultId, events.map((e) => e.id));
    chained += events.length;
    if (events.length < TOKEN_EVENTS_PER_CLAIM) break;
  }
  return chained;
}
