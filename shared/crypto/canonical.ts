/** RFC 8785 (JSON Canonicalization Scheme) bytes: the one serialisation that is signed and hashed. */
import canonicalize from 'canonicalize';
import { CryptoError } from '../errors.js';
import { utf8 } from '../encoding.js';

export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  const text = canonicalize(value);
  if (text === undefined) throw new CryptoError('invalid-argument', 'value has no JSON form to canonicalise');
  return utf8(text);
}
