/**
 * The identity signing key: one ECDSA P-256 key pair per user, whose private half only the user's own
 * devices can open (it is wrapped under the account key). It is what makes a device the user's: each
 * device's signing key counts only with a certificate this key signed, and a revocation only when this
 * key signed it (docs/crypto.md §20). Its public half is what teammates will compare by fingerprint.
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { parseOrThrow } from '../util/parse.js';
import { aad } from './aad.js';
import { exportSpki } from './asymmetric.js';
import { P256_ECDSA, type AccountKey, type IdentitySigningKey, type IdentityVerifyKey } from './keys.js';
import { unwrapPrivateKey, wrapPrivateKey } from './wrap.js';

export const signingIdentityRecordSchema = z.strictObject({ publicSpki: z.string().min(1).max(400), wrappedPrivateKey: z.string().min(1).max(2000) });
export type SigningIdentityRecord = z.infer<typeof signingIdentityRecordSchema>;

export interface SigningIdentity {
  signingKey: IdentitySigningKey;
  verifyKey: IdentityVerifyKey;
  publicSpki: Uint8Array<ArrayBuffer>;
}

export async function spkiDigest(spki: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', spki)));
}

export async function importIdentityVerifyKey(spki: Uint8Array<ArrayBuffer>): Promise<IdentityVerifyKey> {
  try {
    return (await crypto.subtle.importKey('spki', spki, P256_ECDSA, true, ['verify'])) as IdentityVerifyKey;
  } catch {
    throw new CryptoError('bad-format', 'bytes are not an ECDSA P-256 public key (SPKI)');
  }
}

/** A new identity signing key pair, its private half wrapped under the account key. */
export async function createSigningIdentity(accountKey: AccountKey, accountId: string): Promise<{ identity: SigningIdentity; record: SigningIdentityRecord }> {
  const pair = await crypto.subtle.generateKey(P256_ECDSA, true, ['sign', 'verify']);
  const publicSpki = await exportSpki(pair.publicKey);
  const wrapped = await wrapPrivateKey(pair.privateKey, accountKey, aad.signingKey(accountId, await spkiDigest(publicSpki)));
  const record = { publicSpki: toBase64url(publicSpki), wrappedPrivateKey: toBase64url(wrapped) };
  return { identity: await openSigningIdentity(record, accountKey, accountId), record };
}

/** Opens the record; a public key that is not the private key's own fails here (its digest is in the AAD). */
export async function openSigningIdentity(input: unknown, accountKey: AccountKey, accountId: string): Promise<SigningIdentity> {
  const record = parseOrThrow(signingIdentityRecordSchema, input, 'identity signing key');
  const publicSpki = fromBase64url(record.publicSpki);
  const signingKey = (await unwrapPrivateKey(fromBase64url(record.wrappedPrivateKey), accountKey, aad.signingKey(accountId, await spkiDigest(publicSpki)), P256_ECDSA, [
    'sign',
  ])) as IdentitySigningKey;
  return { signingKey, verifyKey: await importIdentityVerifyKey(publicSpki), publicSpki };
}
