/**
 * ECDSA signatures are malleable: (r, s) and (r, n − s) both verify. WebCrypto may return either, so
 * signatures are normalised to s ≤ n/2 (as BIP 62 and libsecp256k1 do) and verifiers accept only that
 * form. Without it, anyone could re-encode a signed audit entry and change its hash without a key.
 */

// Order of the P-256 base point (SEC 2 v2 §2.4.2).
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_N = N >> 1n;

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function toBytes32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Returns the low-S form of a 64-byte P1363 signature (a copy; the input is not modified). */
export function normalizeLowS(sig: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(sig);
  if (sig.length !== 64) return out;
  const s = toBigInt(sig.subarray(32));
  if (s > HALF_N) out.set(toBytes32(N - s), 32);
  return out;
}
