/**
 * Webhook payload signatures in the widespread `t=<unix seconds>,v1=<hex HMAC-SHA256>` style, where
 * the MAC covers `${t}.${payload}` and the key is the UTF-8 of the whole secret string. The timestamp
 * bounds replays; several `v1=` values let a receiver accept old and new secrets during a rotation.
 */
import { CryptoError } from '../errors.js';
import { constantTimeEqual, fromHex, toHex, utf8 } from '../encoding.js';

export const DEFAULT_TOLERANCE_SECONDS = 300;
/** A header with more signatures than any rotation needs is someone making the receiver work. */
const MAX_SIGNATURES = 16;

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (secret.length === 0) throw new CryptoError('invalid-argument', 'the signing secret is empty');
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function signWebhook(secret: string, payload: string, timestampSeconds: number): Promise<string> {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new CryptoError('invalid-argument', '"timestampSeconds" must be a non-negative integer');
  }
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), utf8(`${timestampSeconds}.${payload}`));
  return `t=${timestampSeconds},v1=${toHex(new Uint8Array(mac))}`;
}

export type WebhookFailure = 'malformed-header' | 'outside-tolerance' | 'mismatch' | 'no-live-key';
export type WebhookVerdict = { ok: true; timestamp: number } | { ok: false; reason: WebhookFailure };
export type KeySetVerdict = { ok: true; timestamp: number; keyId: string } | { ok: false; reason: WebhookFailure };

export async function verifyWebhook(
  secret: string,
  payload: string,
  header: string,
  options: { now: Date; toleranceSeconds?: number },
): Promise<WebhookVerdict> {
  const verdict = await verifyWebhookWithKeys([{ id: 'secret', secret }], payload, header, options);
  return verdict.ok ? { ok: true, timestamp: verdict.timestamp } : verdict;
}

/**
 * Verifies against exactly the keys given (the ones live at that moment: liveVerificationKeys) and says
 * which one matched. Every key is tried against every signature, so timing does not tell which matched.
 */
export async function verifyWebhookWithKeys(
  keys: ReadonlyArray<{ id: string; secret: string }>,
  payload: string,
  header: string,
  options: { now: Date; toleranceSeconds?: number },
): Promise<KeySetVerdict> {
  let timestamp: number | null = null;
  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't' && /^\d{1,15}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && /^[0-9a-f]{64}$/.test(value) && signatures.length < MAX_SIGNATURES) signatures.push(fromHex(value));
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: 'malformed-header' };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(Math.floor(options.now.getTime() / 1000) - timestamp) > tolerance) return { ok: false, reason: 'outside-tolerance' };
  if (keys.length === 0) return { ok: false, reason: 'no-live-key' };
  const signed = utf8(`${timestamp}.${payload}`);
  // One MAC per key over the payload (not one per key and signature), each compared with every
  // signature in constant time and without stopping early, so timing does not tell which matched.
  const matched = await Promise.all(
    keys.map(async ({ secret }) => {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), signed));
      return signatures.reduce((found, sig) => constantTimeEqual(mac, sig) || found, false);
    }),
  );
  const index = matched.indexOf(true);
  return index >= 0 ? { ok: true, timestamp, keyId: keys[index]!.id } : { ok: false, reason: 'mismatch' };
}
