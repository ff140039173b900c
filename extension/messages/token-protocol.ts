/**
 * The access-token part of the message protocol (protocol.ts joins it into the one union): a vault's
 * tokens listed, one made, one revoked, and a made token's copy handed to the clipboard clearer. The
 * token's text travels to a page once, in the `create-token` answer, and back once if it is copied.
 */
import { z } from 'zod';
import { cidrSchema, looksLikeToken, MAX_SCOPE_ITEMS, type TokenScope } from '../../shared/index.js';
import type { VaultInfo } from './protocol.js';

const id = z.string().min(1).max(200);
const label = z.string().trim().min(1).max(50);

/** The expiries offered; null: never (the CLI's default is 90 days, and so is the form's). */
export const TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;

export const tokenRequests = [
  z.strictObject({ type: z.literal('tokens'), vaultId: id }),
  z.strictObject({
    type: z.literal('create-token'),
    vaultId: id,
    name: z.string().trim().min(1, 'give the token a name').max(100, 'a token name is at most 100 characters'),
    scope: z.strictObject({
      items: z.array(id).min(1, 'pick at least one key').max(MAX_SCOPE_ITEMS).nullable(),
      tags: z.array(label).min(1, 'name at least one tag').max(50).nullable(),
      environment: label.nullable(),
    }),
    expiresInDays: z.union(TOKEN_EXPIRY_DAYS.map((d) => z.literal(d))).nullable(),
    allowedIps: z.array(cidrSchema).max(50, 'at most 50 address ranges'),
  }),
  z.strictObject({ type: z.literal('revoke-token'), vaultId: id, tokenId: id }),
  // Only a token's shape is taken: this is not a way to have any text copied or held.
  z.strictObject({ type: z.literal('token-copied'), token: z.string().max(100).refine(looksLikeToken, 'not an access token') }),
] as const;

export type TokenState = 'live' | 'expired' | 'revoked';

/** One token as the tokens screen shows it: never its text (the server never had it, this browser keeps none). */
export interface TokenInfo {
  id: string;
  /** `kh_…` and the first 8 characters of its id, as `keyhaven token ls` prints it. */
  masked: string;
  /** Null when its description did not open (`problem` says why). */
  name: string | null;
  state: TokenState;
  /** Null when its description did not open. */
  scope: TokenScope | null;
  /** The scope in words: "whole vault", "2 keys (A, B)", "tags ci, deploy", "env prod". */
  scopeText: string;
  createdAt: string;
  /** Who made it: "you", or a teammate's email where this browser knows it. */
  by: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  allowedIps: string[];
  lastUsed: { at: string; ip: string } | null;
  lastRefusal: { at: string; reason: string; ip: string } | null;
  problem: string | null;
}

export interface TokensAnswer {
  vault: VaultInfo;
  /** Admins (the owner of a vault nobody else is in) make and revoke; everyone else reads. */
  canManage: boolean;
  tokens: TokenInfo[];
  /** What the create form offers for a scope: the vault's keys, tags and environments. */
  choices: { items: { id: string; name: string }[]; tags: string[]; environments: string[] };
}

export interface TokenAnswers {
  tokens: TokensAnswer;
  /** `token`: the text, this once. */
  'create-token': TokensAnswer & { token: string; made: TokenInfo };
  'revoke-token': TokensAnswer;
  'token-copied': { clearAfterSeconds: number };
}
