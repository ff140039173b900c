/** The access-token routes (docs/api.md "Access tokens") over the shared API client. */
import type { ApiClient } from '../sync/api-client.js';
import { tokenEventsAckResponseSchema, tokenEventsResponseSchema, tokenItemsResponseSchema, tokenListSchema, tokenSelfSchema, tokenSeqResponseSchema, type createTokenRequestSchema } from '../protocol/tokens.js';
import type { z } from 'zod';
import { PROTOCOL_LIMITS } from '../protocol/limits.js';

export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>;

/** What the vault's members call (their session). */
export const tokenRoutes = (api: ApiClient) => ({
  list: (vaultId: string) => api.request('GET', `/v1/vaults/${vaultId}/tokens`, tokenListSchema),
  create: (vaultId: string, body: CreateTokenRequest) => api.request('POST', `/v1/vaults/${vaultId}/tokens`, tokenSeqResponseSchema, body),
  revoke: (vaultId: string, tokenId: string) => api.request('POST', `/v1/vaults/${vaultId}/tokens/${tokenId}/revoke`, tokenSeqResponseSchema, {}),
  rewrap: (vaultId: string, tokenId: string, body: { descriptor: string; keys: { keyVersion: number; blob: string }[] }) =>
    api.request('PUT', `/v1/vaults/${vaultId}/tokens/${tokenId}/keys`, tokenSeqResponseSchema, body),
  claimEvents: (vaultId: string) => api.request('POST', `/v1/vaults/${vaultId}/tokens/events/claim`, tokenEventsResponseSchema, {}),
  ackEvents: (vaultId: string, ids: number[]) => api.request('POST', `/v1/vaults/${vaultId}/tokens/events/ack`, tokenEventsAckResponseSchema, { ids }),
});

/** What a token calls; `api` carries the token's credential as its bearer. */
export const tokenReads = (api: ApiClient) => ({
  self: () => api.request('GET', '/v1/token', tokenSelfSchema),
  items: (after: number) => api.request('GET', `/v1/token/items?after=${after}&limit=${PROTOCOL_LIMITS.pageSize}`, tokenItemsResponseSchema),
});
