/**
 * Sharing a vault key with a member (ECDH-ES, DESIGN §4):
 *   Z = ECDH(ephemeral private, member identity public)              (SEC 1 §3.3.1, x-coordinate, 32 B)
 *   K = HKDF-SHA256(Z, salt = SPKI(ephemeral) ‖ SPKI(member), info = keyhaven:v1:share:{vaultId}:{kv})
 *   wrapped = AEAD(K, raw vault key, aad = info)
 * A fresh ephemeral pair per share means the sender needs no long-term key of its own for it, and the
 * salt binds K to both public keys so a share cannot be replayed to another recipient.
 */
import { concatBytes } from '../encoding.js';
import { aad } from './aad.js';
import { exportSpki, importIdentityPublicKey, type IdentityKeyPair } from './asymmetric.js';
import { P256_ECDH, type IdentityPublicKey, type ShareKey, type VaultKey } from './keys.js';
import { hkdfAesKey } from './kdf.js';
import { unwrapAesKey, wrapAesKey } from './wrap.js';
import { VAULT_KEY_USAGES } from './usages.js';

export interface WrappedShare {
  ephemeralSpki: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
}

export interface ShareContext {
  vaultId: string;
  keyVersion: number;
}

async function shareKey(
  privateKey: CryptoKey,
  peerPublic: CryptoKey,
  ephemeralSpki: Uint8Array<ArrayBuffer>,
  memberSpki: Uint8Array<ArrayBuffer>,
  ctx: ShareContext,
): Promise<ShareKey> {
  const z = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerPublic }, privateKey, 256);
  const base = await crypto.subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
  const salt = concatBytes(ephemeralSpki, memberSpki);
  return (await hkdfAesKey(base, aad.share(ctx.vaultId, ctx.keyVersion), ['wrapKey', 'unwrapKey'], salt)) as ShareKey;
}

/** `vaultKey` must be extractable (unwrap it with `{ extractable: true }` for this purpose only). */
export async function wrapVaultKeyForMember(
  vaultKey: VaultKey,
  memberPublicSpki: Uint8Array<ArrayBuffer>,
  ctx: ShareContext,
): Promise<WrappedShare> {
  const memberPublic: IdentityPublicKey = await importIdentityPublicKey(memberPublicSpki);
  const ephemeral = await crypto.subtle.generateKey(P256_ECDH, false, ['deriveBits']);
  const ephemeralSpki = await exportSpki(ephemeral.publicKey);
  const key = await shareKey(ephemeral.privateKey, memberPublic, ephemeralSpki, memberPublicSpki, ctx);
  return { ephemeralSpki, wrappedKey: await wrapAesKey(vaultKey, key, aad.share(ctx.vaultId, ctx.keyVersion)) };
}

/** `extractable` only to re-wrap the key under the member's own account key once they accept. */
export async function unwrapVaultKeyFromShare(share: WrappedShare, identity: IdentityKeyPair, ctx: ShareContext, extractable = false): Promise<VaultKey> {
  const ephemeralPublic = await importIdentityPublicKey(share.ephemeralSpki);
  const key = await shareKey(identity.privateKey, ephemeralPublic, share.ephemeralSpki, identity.publicSpki, ctx);
  return (await unwrapAesKey(share.wrappedKey, key, aad.share(ctx.vaultId, ctx.keyVersion), [...VAULT_KEY_USAGES], extractable)) as VaultKey;
}
