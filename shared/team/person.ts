/**
 * A person as their teammates know them: account, email and two public keys, the identity key that
 * receives vault keys (ECDH) and the identity signing key that certifies their devices and signs the
 * rosters they change (docs/crypto.md §23). The fingerprint people compare out of band covers both keys,
 * so a server that swaps either one changes the digits.
 */
import { z } from 'zod';
import { fingerprint } from '../crypto/fingerprint.js';
import { concatBytes, fromBase64url, utf8 } from '../encoding.js';
import { CryptoError } from '../errors.js';

const spki = z.string().min(64).max(400).regex(/^[A-Za-z0-9_-]+$/);

export const personKeysSchema = z.strictObject({ identityKey: spki, signingKey: spki });
export type PersonKeys = z.infer<typeof personKeysSchema>;

const FINGERPRINT_LABEL = 'keyhaven:v2:person';

function lengthPrefixed(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (bytes.length > 0xffff) throw new CryptoError('invalid-argument', 'a public key longer than 65 535 bytes');
  return concatBytes(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
}

/** Six groups of five digits (§10) over `"keyhaven:v2:person" ‖ len ‖ signing SPKI ‖ len ‖ identity SPKI`. */
export function personFingerprint(keys: PersonKeys): Promise<string> {
  return fingerprint(concatBytes(utf8(FINGERPRINT_LABEL), lengthPrefixed(fromBase64url(keys.signingKey)), lengthPrefixed(fromBase64url(keys.identityKey))));
}

/** Whether two fingerprints are the same digits, whatever spacing a person typed. */
export function sameFingerprint(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/[\s-]/g, '');
  return digits(a) === digits(b) && /^\d{30}$/.test(digits(a));
}
