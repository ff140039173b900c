/**
 * The two halves of an access token's secret (docs/crypto.md §25), split by HKDF so that neither gives
 * the other away:
 *
 * - the **credential** is what the server sees: a bearer value it stores only as a SHA-256 hash. It
 *   proves the holder may read the vault's blobs; it opens nothing.
 * - the **token key** never leaves the token's holder and the vault's members: it unwraps the vault
 *   keys (a vault-wide token) or the DEKs (a narrowed one) wrapped for the token.
 */
import { fromBase64url, toBase64url, utf8 } from '../encoding.js';
import { HKDF_INFO } from '../crypto/aad.js';
import { hkdfBytes } from '../crypto/kdf.js';
import { AES_GCM_KEY, type TokenKey } from '../crypto/keys.js';

/** What the token key does: wrap (members) and unwrap (the token), seal and open its view. */
const TOKEN_KEY_USAGES: KeyUsage[] = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'];

export interface TokenSecrets {
  /** The bearer value sent to the server (base64url of 32 derived bytes). */
  credential: string;
  /** The raw token key, for the members' copy of the token's description; zero it when done. */
  keyBytes: Uint8Array<ArrayBuffer>;
}

export async function deriveTokenSecrets(secret: Uint8Array<ArrayBuffer>): Promise<TokenSecrets> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  return {
    credential: toBase64url(await hkdfBytes(base, HKDF_INFO.tokenCredential, 32)),
    keyBytes: await hkdfBytes(base, HKDF_INFO.tokenKey, 32),
  };
}

/** The token key as a non-extractable CryptoKey. */
export function importTokenKey(keyBytes: Uint8Array<ArrayBuffer>): Promise<TokenKey> {
  return crypto.subtle.importKey('raw', keyBytes, AES_GCM_KEY, false, TOKEN_KEY_USAGES) as Promise<TokenKey>;
}

/** The token key from its base64url form in a members' description. */
export function tokenKeyFromText(text: string): Promise<TokenKey> {
  return importTokenKey(fromBase64url(text));
}

/** What the server stores: base64url(SHA-256(UTF-8(credential))). */
export async function credentialHash(credential: string): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(credential))));
}
