/**
 * ECDSA P-256 / SHA-256 signatures over the RFC 8785 canonical JSON of a record without its `sig`
 * field, encoded IEEE P1363 (r ‖ s) and normalised to low-S, so that each signed record has exactly one
 * valid encoding (docs/crypto.md §11, §20). Audit entries, device certificates and revocations all sign
 * this way.
 */
import { fromBase64url, toBase64url } from '../encoding.js';
import { normalizeLowS } from '../audit/low-s.js';
import { canonicalBytes } from './canonical.js';

const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The bytes a signature covers: the record's canonical JSON without `sig`. */
export function signedBytes(record: object): Uint8Array<ArrayBuffer> {
  const { sig: _sig, ...unsigned } = record as Record<string, unknown>;
  return canonicalBytes(unsigned);
}

export async function signRecord<T extends object>(record: T, key: CryptoKey): Promise<T & { sig: string }> {
  const raw = new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, key, signedBytes(record)));
  return { ...record, sig: toBase64url(normalizeLowS(raw)) };
}

export async function verifyRecord(record: { sig: string }, key: CryptoKey): Promise<boolean> {
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = fromBase64url(record.sig);
  } catch {
    return false;
  }
  // Only the low-S form is accepted, so each record has one valid encoding and one hash.
  if (sig.length !== 64 || !normalizeLowS(sig).every((b, i) => b === sig[i])) return false;
  return crypto.subtle.verify(ECDSA_SHA256, key, sig, signedBytes(record));
}
