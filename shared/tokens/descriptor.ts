/**
 * What an access token is (docs/crypto.md §25): its name, scope, expiry and allowed addresses, written
 * by the admin who made it. The vault's members read it sealed under the vault key, with the token key
 * inside (they wrap what the token may read for it); the token reads the same description without the
 * key, sealed under the token key. The server keeps both blobs and, in the clear, only what it must
 * enforce (expiry, addresses): it can read neither the name nor the scope, and cannot change them.
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { fromBase64url, fromUtf8, toBase64url } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import { canonicalBytes } from '../crypto/canonical.js';
import type { IdentitySigningKey, IdentityVerifyKey, TokenKey, VaultKey } from '../crypto/keys.js';
import { signRecord, verifyRecord } from '../crypto/signature.js';
import type { ItemPayload } from '../vault/item.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { parseOrThrow } from '../util/parse.js';
import { idSchema } from '../identity/ids.js';

export const MAX_SCOPE_ITEMS = 1000;
/**
 * Text is checked, never transformed: the admin signs the exact text, and a schema that trimmed on
 * parse would make a reader's bytes differ from the signed ones.
 */
const text = (max: number) => z.string().min(1).max(max).refine((s) => s.trim() === s, 'must not start or end with spaces');
export const cidrSchema = z.union([z.cidrv4(), z.cidrv6()], { error: 'must be an IPv4 or IPv6 range in CIDR form (203.0.113.0/24, 2001:db8::/32)' });

/** Null everywhere: the whole vault. Each field set narrows it (an item must match all of them). */
export const tokenScopeSchema = z.strictObject({
  items: z.array(idSchema).min(1).max(MAX_SCOPE_ITEMS).nullable(),
  tags: z.array(text(50)).min(1).max(50).nullable(),
  environment: text(50).nullable(),
});
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** What an admin asks for; checked before anything is signed. */
export const tokenRequestSchema = z.strictObject({
  name: text(100),
  scope: tokenScopeSchema,
  expiresAt: z.number().int().positive().nullable(),
  allowedIps: z.array(cidrSchema).max(50),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenViewSchema = z.strictObject({
  v: z.literal(2),
  kind: z.literal('access-token'),
  vault: idSchema,
  id: idSchema,
  name: text(100),
  scope: tokenScopeSchema,
  readOnly: z.literal(true),
  expiresAt: z.number().int().positive().nullable(),
  allowedIps: z.array(cidrSchema).max(50),
  createdAt: z.number().int().positive(),
  by: idSchema,
});
export type TokenView = z.infer<typeof tokenViewSchema>;

/** The members' copy: the view, the token key, and the signature of `by` (an admin) over the rest (JCS, like §20 statements). */
export const tokenDescriptorSchema = tokenViewSchema.extend({ key: z.string().regex(/^[A-Za-z0-9_-]{43}$/), sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/) });
export type TokenDescriptor = z.infer<typeof tokenDescriptorSchema>;
export type UnsignedTokenDescriptor = Omit<TokenDescriptor, 'sig'>;

/** Who may have made a vault's tokens: an admin of its verified roster (team), the account itself (personal). */
export type TokenAdminKey = (accountId: string) => Promise<IdentityVerifyKey | null>;

export function signDescriptor(descriptor: UnsignedTokenDescriptor, by: IdentitySigningKey): Promise<TokenDescriptor> {
  return signRecord(descriptor, by);
}

const sealedDescriptorSchema = z.strictObject({ v: z.literal(2), kv: z.number().int().positive(), data: z.string().min(1) });

/** `vault`: the token holds copies of the vault keys; `items`: it holds one DEK per item in scope. */
export type TokenMode = 'vault' | 'items';
export const modeOf = (scope: TokenScope): TokenMode => (scope.items === null && scope.tags === null && scope.environment === null ? 'vault' : 'items');

/** Whether an item belongs to a scope: it must pass every filter the scope sets. */
export function inScope(scope: TokenScope, itemId: string, payload: Pick<ItemPayload, 'tags' | 'environment'>): boolean {
  if (scope.items !== null && !scope.items.includes(itemId)) return false;
  if (scope.tags !== null && !payload.tags.some((t) => scope.tags!.includes(t))) return false;
  if (scope.environment !== null && payload.environment !== scope.environment) return false;
  return true;
}

export const viewOf = ({ key: _key, sig: _sig, ...view }: TokenDescriptor | UnsignedTokenDescriptor & { sig?: string }): TokenView => view;

/** The members' copy, sealed under the current vault key version. */
export async function sealDescriptor(descriptor: TokenDescriptor, keyring: VaultKeyring): Promise<string> {
  const kv = keyring.current;
  const data = await seal(keyring.currentKey(), canonicalBytes(descriptor), aad.accessToken(descriptor.vault, descriptor.id, kv));
  return JSON.stringify({ v: 2, kv, data: toBase64url(data) });
}

/**
 * Opens the members' copy. Only one sealed under the vault's **current** key version counts: a removed
 * member keeps older versions and, with the server's help, could otherwise slip in a token of their own
 * for every member's client to hand DEKs to. An older copy is `stale` (the rotation re-seals live ones).
 */
export async function openDescriptor(
  blob: string,
  expected: { vaultId: string; tokenId: string },
  keyring: VaultKeyring,
  adminKey: TokenAdminKey,
  /** Only to show a revoked token by its name: nothing is ever granted to it, and an admin's signature is still required. */
  options: { olderVersions?: boolean } = {},
): Promise<TokenDescriptor> {
  const sealed = parseOrThrow(sealedDescriptorSchema, parseJson(blob), 'access token description');
  if (sealed.kv !== keyring.current && !(options.olderVersions && keyring.versions().includes(sealed.kv))) throw new CryptoError('unknown-key-version', `access token ${expected.tokenId} is described under key version ${sealed.kv}, not the vault's current ${keyring.current}`);
  const key: VaultKey = keyring.get(sealed.kv);
  const plain = await open(key, fromBase64url(sealed.data), aad.accessToken(expected.vaultId, expected.tokenId, sealed.kv));
  const descriptor = parseOrThrow(tokenDescriptorSchema, parseJson(fromUtf8(plain)), 'access token description');
  if (descriptor.vault !== expected.vaultId || descriptor.id !== expected.tokenId) throw new CryptoError('tampered', 'access token description names another vault or token');
  // Sealing proves only that its maker held the vault key; the signature, that an admin made it.
  const signer = await adminKey(descriptor.by);
  if (!signer || !(await verifyRecord(descriptor, signer).catch(() => false))) {
    throw new CryptoError('tampered', `access token ${expected.tokenId} is not signed by an admin of the vault`);
  }
  return descriptor;
}

/** The token's own copy of its description. */
export async function sealView(view: TokenView, key: TokenKey): Promise<string> {
  return toBase64url(await seal(key, canonicalBytes(view), aad.tokenView(view.vault, view.id)));
}

export async function openView(blob: string, expected: { vaultId: string; tokenId: string }, key: TokenKey): Promise<TokenView> {
  const plain = await open(key, fromBase64url(blob), aad.tokenView(expected.vaultId, expected.tokenId));
  const view = parseOrThrow(tokenViewSchema, parseJson(fromUtf8(plain)), 'access token view');
  if (view.vault !== expected.vaultId || view.id !== expected.tokenId) throw new CryptoError('tampered', 'access token view names another vault or token');
  return view;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
