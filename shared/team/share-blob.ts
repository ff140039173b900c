/**
 * A vault key version shared with a member, as it travels in the server's wrapped-key field
 * (docs/crypto.md §23): the §9 share, signed by the admin who made it,
 *
 *   { "v": 2, "kind": "share", "vault", "version", "to", "by", "ephemeralSpki", "wrappedKey", "sig" }
 *
 * Encryption to a public key proves nothing about the sender, so without the signature the server could
 * share a key of its own as a new version and have it adopted. A member takes a share only when `by` is
 * an admin of the roster it verified, and keeps the key re-wrapped under its account key (a §16 entry in
 * the same field), so its other devices need no share of their own.
 */
import { z } from 'zod';
import type { IdentityKeyPair } from '../crypto/asymmetric.js';
import type { IdentitySigningKey, IdentityVerifyKey, VaultKey } from '../crypto/keys.js';
import { unwrapVaultKeyFromShare, wrapVaultKeyForMember } from '../crypto/share.js';
import { signRecord, verifyRecord } from '../crypto/signature.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { idSchema } from '../identity/ids.js';

const b64 = z.string().min(16).max(2000).regex(/^[A-Za-z0-9_-]+$/);
const shareBlobSchema = z.strictObject({
  v: z.literal(2),
  kind: z.literal('share'),
  vault: idSchema,
  version: z.number().int().positive(),
  to: idSchema,
  by: idSchema,
  ephemeralSpki: b64,
  wrappedKey: b64,
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type ShareBlob = z.infer<typeof shareBlobSchema>;

export function readShareBlob(blob: string): ShareBlob | null {
  try {
    const parsed = shareBlobSchema.safeParse(JSON.parse(blob));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const isShareBlob = (blob: string) => /"kind"\s*:\s*"share"/.test(blob);

/** `key` must be extractable (unwrapped for this purpose only); `by` signs as an admin of the vault. */
export async function encodeShare(
  key: VaultKey,
  input: { vaultId: string; version: number; to: { account: string; identityKey: string }; by: { account: string; signingKey: IdentitySigningKey } },
): Promise<string> {
  const share = await wrapVaultKeyForMember(key, fromBase64url(input.to.identityKey), { vaultId: input.vaultId, keyVersion: input.version });
  const unsigned = {
    v: 2 as const,
    kind: 'share' as const,
    vault: input.vaultId,
    version: input.version,
    to: input.to.account,
    by: input.by.account,
    ephemeralSpki: toBase64url(share.ephemeralSpki),
    wrappedKey: toBase64url(share.wrappedKey),
  };
  return JSON.stringify(await signRecord(unsigned, input.by.signingKey));
}

/** Whether `share` names this vault, version and recipient and is signed by someone `adminKey` vouches for. */
export async function shareIsGenuine(
  share: ShareBlob,
  expected: { vaultId: string; version: number; me: string },
  adminKey: (accountId: string) => Promise<IdentityVerifyKey | null>,
): Promise<boolean> {
  if (share.vault !== expected.vaultId || share.version !== expected.version || share.to !== expected.me) return false;
  const signer = await adminKey(share.by);
  return signer !== null && (await verifyRecord(share, signer).catch(() => false));
}

/** The key inside a share, extractable so it can be re-wrapped; null when it does not open with this identity. */
export async function openShareKey(share: ShareBlob, identity: IdentityKeyPair): Promise<VaultKey | null> {
  try {
    const wrapped = { ephemeralSpki: fromBase64url(share.ephemeralSpki), wrappedKey: fromBase64url(share.wrappedKey) };
    return await unwrapVaultKeyFromShare(wrapped, identity, { vaultId: share.vault, keyVersion: share.version }, true);
  } catch {
    return null;
  }
}

/**
 * Opens a share made for this account and signed by someone `adminKey` vouches for (an admin of the
 * verified roster); null for anything else (junk, another vault, version or recipient, an unknown
 * signer, a bad signature, a key that does not open).
 */
export async function openShare(
  blob: string,
  identity: IdentityKeyPair,
  expected: { vaultId: string; version: number; me: string },
  adminKey: (accountId: string) => Promise<IdentityVerifyKey | null>,
): Promise<VaultKey | null> {
  const share = readShareBlob(blob);
  if (!share || !(await shareIsGenuine(share, expected, adminKey))) return null;
  return openShareKey(share, identity);
}
