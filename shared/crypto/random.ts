/** Randomness for everything secret: WebCrypto's CSPRNG, never Math.random. */

const MAX_REQUEST = 65536; // getRandomValues refuses larger requests (WebCrypto §10.1.1).

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += MAX_REQUEST) {
    crypto.getRandomValues(out.subarray(i, Math.min(length, i + MAX_REQUEST)));
  }
  return out;
}

/** A random identifier for accounts, vaults, items, devices and backups (RFC 9562 v4 UUID). */
export function newId(): string {
  return crypto.randomUUID();
}
