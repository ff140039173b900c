/**
 * The access-token routes (docs/api.md "Access tokens"): what the vault's members send and get to
 * manage tokens, and what a token gets to read. Blobs are opaque to the server (docs/crypto.md §25).
 */
import { z } from 'zod';
import { blobSchema, idSchema, revisionSchema } from './api.js';
import { cidrSchema } from '../tokens/descriptor.js';

/** Live tokens per vault: each narrowed one costs every writer a wrap per item write. */
export const MAX_TOKENS_PER_VAULT = 50;
export const MAX_TOKEN_GRANTS = 1000;

const msSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const b64url43 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 43 characters of base64url');
export const tokenModeSchema = z.enum(['vault', 'items']);
const keyCopySchema = z.strictObject({ keyVersion: z.number().int().positive(), blob: blobSchema });
const grantSchema = z.strictObject({ itemId: idSchema, revision: revisionSchema.min(1), blob: blobSchema });

export const createTokenRequestSchema = z.strictObject({
  id: idSchema,
  /** base64url SHA-256 of the credential: the server never sees the credential at creation either. */
  credentialHash: b64url43,
  descriptor: blobSchema,
  view: blobSchema,
  mode: tokenModeSchema,
  expiresAt: msSchema.nullable(),
  allowedIps: z.array(cidrSchema).max(50),
  keys: z.array(keyCopySchema).max(100),
  grants: z.array(grantSchema).max(MAX_TOKEN_GRANTS),
  /** The token list revision the admin's client built this on (its grants name the revisions it read). */
  baseSeq: revisionSchema,
});

/** After a vault-key rotation: the description sealed again under the new version, and (vault-wide tokens) the new key. */
export const rewrapTokenRequestSchema = z.strictObject({ descriptor: blobSchema, keys: z.array(keyCopySchema).max(100) });

export const tokenRefusalSchema = z.strictObject({ at: msSchema, reason: z.string().max(50), ip: z.string().max(64) });

export const tokenSummarySchema = z.strictObject({
  id: idSchema,
  descriptor: blobSchema,
  mode: tokenModeSchema,
  expiresAt: msSchema.nullable(),
  allowedIps: z.array(z.string().max(64)),
  createdAt: msSchema,
  createdBy: idSchema,
  revokedAt: msSchema.nullable(),
  lastUsedAt: msSchema.nullable(),
  lastUsedIp: z.string().max(64).nullable(),
  lastRefusal: tokenRefusalSchema.nullable(),
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;
/** `seq` goes up with every creation, revocation and re-wrap: a push must name the newest (its grants depend on it). */
export const tokenListSchema = z.strictObject({ seq: revisionSchema, tokens: z.array(tokenSummarySchema) });
export const tokenSeqResponseSchema = z.strictObject({ seq: revisionSchema });

/** What the token itself reads. */
export const tokenSelfSchema = z.strictObject({
  tokenId: idSchema,
  vaultId: idSchema,
  mode: tokenModeSchema,
  view: blobSchema,
  expiresAt: msSchema.nullable(),
  keys: z.array(keyCopySchema),
});
export type TokenSelf = z.infer<typeof tokenSelfSchema>;

export const tokenItemSchema = z.strictObject({
  itemId: idSchema,
  revision: revisionSchema,
  seq: revisionSchema,
  blob: blobSchema,
  /** A narrowed token's wrapped DEK for this revision (null for a vault-wide token). */
  grant: z.strictObject({ revision: revisionSchema, blob: blobSchema }).nullable(),
});
export type TokenItem = z.infer<typeof tokenItemSchema>;
export const tokenItemsResponseSchema = z.strictObject({ items: z.array(tokenItemSchema), cursor: revisionSchema, hasMore: z.boolean() });

/** A grant sent with an item write, for each narrowed token whose scope holds the item after it. */
export const pushGrantSchema = z.strictObject({ tokenId: idSchema, blob: blobSchema });

/** What the server saw of a token, for an admin's device to sign into the vault's chain (`token.use`, `token.refuse`). */
export const TOKEN_EVENTS_PER_CLAIM = 100;
export const tokenEventSchema = z.strictObject({
  id: revisionSchema,
  tokenId: idSchema,
  kind: z.enum(['use', 'refuse']),
  reason: z.string().max(50).nullable(),
  ip: z.string().max(64),
  at: msSchema,
});
export type TokenEvent = z.infer<typeof tokenEventSchema>;
export const tokenEventsResponseSchema = z.strictObject({ events: z.array(tokenEventSchema).max(TOKEN_EVENTS_PER_CLAIM) });
export const tokenEventsAckSchema = z.strictObject({ ids: z.array(revisionSchema.min(1)).min(1).max(TOKEN_EVENTS_PER_CLAIM) });
export const tokenEventsAckResponseSchema = z.strictObject({ chained: z.number().int().nonnegative() });
