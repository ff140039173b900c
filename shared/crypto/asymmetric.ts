/**
 * The two per-user/per-device key pairs: the identity key (ECDH P-256, receives team vault keys) and
 * the device signing key (ECDSA P-256, signs audit entries). Public halves travel as SPKI bytes.
 */
import { CryptoError } from '../errors.js';
import { aad } from './aad.js';
import {
  P256_ECDH,
  P256_ECDSA,
  type AccountKey,
  type DeviceSigningKey,
  type DeviceVerifyKey,
  type IdentityPrivateKey,
  type IdentityPublicKey,
} from './keys.js';
import { unwrapPrivateKey, wrapPrivateKey } from './wrap.js';

export interface IdentityKeyPair {
  privateKey: IdentityPrivateKey;
  publicKey: IdentityPublicKey;
  publicSpki: Uint8Array<ArrayBuffer>;
}

export async function exportSpki(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.exportKey('spki', key));
}

async function importSpki(spki: Uint8Array<ArrayBuffer>, algorithm: EcKeyImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('spki', spki, algorithm, true, usages);
  } catch {
    throw new CryptoError('bad-format', `bytes are not a ${algorithm.name} ${algorithm.namedCurve} public key (SPKI)`);
  }
}

/** A new identity key pair and its private half wrapped under the account key, ready to store. */
export async function createIdentity(
  accountKey: AccountKey,
  accountId: string,
): Promise<{ identity: IdentityKeyPair; wrappedPrivateKey: Uint8Array<ArrayBuffer> }> {
  const pair = await crypto.subtle.generateKey(P256_ECDH, true, ['deriveBits']);
  const wrappedPrivateKey = await wrapPrivateKey(pair.privateKey, accountKey, aad.identityKey(accountId));
  const identity = await openIdentity(wrappedPrivateKey, await exportSpki(pair.publicKey), accountKey, accountId);
  return { identity, wrappedPrivateKey };
}

export async function openIdentity(
  wrappedPrivateKey: Uint8Array,
  publicSpki: Uint8Array<ArrayBuffer>,
  accountKey: AccountKey,
  accountId: string,
): Promise<IdentityKeyPair> {
  const privateKey = (await unwrapPrivateKey(wrappedPrivateKey, accountKey, aad.identityKey(accountId), P256_ECDH, [
    'deriveBits',
  ])) as IdentityPrivateKey;
  return { privateKey, publicKey: await importIdentityPublicKey(publicSpki), publicSpki };
}

export async function importIdentityPublicKey(spki: Uint8Array<ArrayBuffer>): Promise<IdentityPublicKey> {
  return (await importSpki(spki, P256_ECDH, [])) as IdentityPublicKey;
}

export interface DeviceKeyPair {
  signingKey: DeviceSigningKey;
  verifyKey: DeviceVerifyKey;
  publicSpki: Uint8Array<ArrayBuffer>;
}

/**
 * A device signing key. In the browser it stays non-extractable (a CryptoKey stored in IndexedDB);
 * the CLI asks for an extractable one so that it can keep it wrapped in its home folder.
 */
export async function generateDeviceKey(options: { extractable: boolean }): Promise<DeviceKeyPair> {
  const pair = await crypto.subtle.generateKey(P256_ECDSA, options.extractable, ['sign', 'verify']);
  return {
    signingKey: pair.privateKey as DeviceSigningKey,
    verifyKey: pair.publicKey as DeviceVerifyKey,
    publicSpki: await exportSpki(pair.publicKey),
  };
}

export function wrapDeviceKey(key: DeviceSigningKey, accountKey: AccountKey, accountId: string, deviceId: string) {
  return wrapPrivateKey(key, accountKey, aad.deviceKey(accountId, deviceId));
}

export async function unwrapDeviceKey(
  blob: Uint8Array,
  accountKey: AccountKey,
  accountId: string,
  deviceId: string,
): Promise<DeviceSigningKey> {
  return (await unwrapPrivateKey(blob, accountKey, aad.deviceKey(accountId, deviceId), P256_ECDSA, ['sign'])) as DeviceSigningKey;
}

export async function importDeviceVerifyKey(spki: Uint8Array<ArrayBuffer>): Promise<DeviceVerifyKey> {
  return (await importSpki(spki, P256_ECDSA, ['verify'])) as DeviceVerifyKey;
}
