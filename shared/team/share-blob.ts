/**
 * A vault key version shared with a member, as it travels in the server's wrapped-key field
 * (docs/crypto.md §23): `{"v": 2, "kind": "share", "version", "ephemeralSpki", "wrappedKey"}` (§9).
 * The member opens it with their identity key once and keeps the key re-wrapped under their account
 * key (a §16 keyring entry in the same field), so their other devices need no share of their own.
 */
import { z } from 'zod';
import type { IdentityKeyPair } from '../crypto/asymmetric.js';
import type { VaultKey } from '../crypto/keys.js';
import { unwrapVaultKeyFromShare, wrapVaultKeyForMember } from '../crypto/share.js';
import { fromBase64url, toBase64url } from '../encoding.js';

const b64 = z.string().min(16).max(2000).regex(/^[A-Za-z0-9_-]+$/);
const shareBlobSchema = z.strictObject({ v: z.literal(2), kind: z.literal('share'), version: z.number().int().positive(), ephemeralSpki: b64, wrappedKey: b64 });

export function isShareBlob(blob: string): boolean {
  try {
    return shareBlobSchema.safeParse(JSON.parse(blob)).success;
  } catch {
    return false;
  }
}

/** `key` must be extractable (unwrapped for this purpose only). */
export async function encodeShare(key: VaultKey, memberIdentitySpki: string, vaultId: string, version: number): Promise<string> {
  const share = await wrapVaultKeyForMember(key, fromBase64url(memberIdentitySpki), { vaultId, keyVersion: version });
  return JSON.stringify({ v: 2, kind: 'share', version, ephemeralSpki: toBase64url(share.ephemeralSpki), wrappedKey: toBase64url(share.wrappedKey) });
}

/** Opens a share made for this identity, extractable so it can be re-wrapped; null when it is not one that opens. */
export async function openShare(blob: string, identity: IdentityKeyPair, vaultId: string, version: number): Promise<VaultKey | null> {
  let parsed;
  try {
    parsed = shareBlobSchema.safeParse(JSON.parse(blob));
  } catch {
    return null;
  }
  if (!parsed.success || parsed.data.version !== version) return null;
  const share = { ephemeralSpki: fromBase64url(parsed.data.ephemeralSpki), wrappedKey: fromBase64url(parsed.data.wrappedKey) };
  return unwrapVaultKeyFromShare(share, identity, { vaultId, keyVersion: version }, true).catch(() => null);
}
