/**
 * Audit entries (DESIGN §6): `{v, vault, seq, prev, ts, device, actor, action, item, detail, kv, sig}`.
 *
 * - `sig` is the device's ECDSA P-256 / SHA-256 signature (IEEE P1363 r‖s, low-S) over the RFC 8785
 *   canonical JSON of the entry without `sig`.
 * - `prev` is the SHA-256 of the previous entry's canonical JSON *with* its `sig`, so the chain commits
 *   to the exact signed entries; the first entry's `prev` is 32 zero bytes.
 * - `detail` is sealed under the vault key (version `kv`), bound to the vault and `seq`, so the server
 *   sees that something happened to an item, not what.
 * - `ts` (ms since epoch) never goes below the head's: a device whose clock is behind writes the head's
 *   time instead, so an honest chain is monotonic and a step back is evidence of tampering.
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding.js';
import { aad, type Aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { canonicalBytes } from '../crypto/canonical.js';
import { signedBytes, signRecord, verifyRecord } from '../crypto/signature.js';
import { idSchema } from '../identity/ids.js';

export const AUDIT_ACTIONS = [
  'vault.create',
  'vault.key-rotate',
  'member.add',
  'member.remove',
  'member.role',
  'device.add',
  'device.revoke',
  'item.create',
  'item.edit',
  'item.reveal',
  'item.copy',
  'item.fill',
  'item.rotate',
  'item.revoke',
  'item.reactivate',
  'item.delete',
  'backup.export',
  'backup.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const id = idSchema;

export const auditEntrySchema = z.strictObject({
  v: z.literal(1),
  vault: id,
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  prev: b64.length(43),
  ts: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  device: id,
  actor: id,
  action: z.enum(AUDIT_ACTIONS),
  item: id.nullable(),
  detail: b64.max(16_384).nullable(),
  kv: z.number().int().positive().nullable(),
  sig: b64.length(86),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type UnsignedAuditEntry = Omit<AuditEntry, 'sig'>;

/** Where a chain stands: the last entry's seq, hash and time (seq 0: nothing yet). */
export interface ChainHead {
  seq: number;
  hash: string;
  ts: number;
}

export const GENESIS_HASH = toBase64url(new Uint8Array(32));
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH, ts: 0 };

export function signingBytes(entry: UnsignedAuditEntry | AuditEntry): Uint8Array<ArrayBuffer> {
  return signedBytes(entry);
}

export async function entryHash(entry: AuditEntry): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', canonicalBytes(entry))));
}

export async function headAfter(entry: AuditEntry): Promise<ChainHead> {
  return { seq: entry.seq, hash: await entryHash(entry), ts: entry.ts };
}

export interface AuditEvent {
  vaultId: string;
  deviceId: string;
  actorId: string;
  action: AuditAction;
  itemId?: string | null;
  /** Anything worth recording that the server must not read (item name, reason, counts). */
  detail?: unknown;
}

/** Builds the next entry on top of `head`; `keyring` is needed only when there is a detail to seal. */
export async function buildAuditEntry(
  event: AuditEvent,
  head: ChainHead,
  now: Date,
  keyring?: VaultKeyring,
): Promise<UnsignedAuditEntry> {
  const seq = head.seq + 1;
  let detail: string | null = null;
  let kv: number | null = null;
  if (event.detail !== undefined) {
    if (!keyring) throw new CryptoError('invalid-argument', 'an audit detail needs the vault keyring to seal it');
    kv = keyring.current;
    detail = toBase64url(await seal(keyring.currentKey(), utf8(JSON.stringify(event.detail)), aad.auditDetail(event.vaultId, seq)));
  }
  return {
    v: 1,
    vault: event.vaultId,
    seq,
    prev: head.hash,
    ts: Math.max(now.getTime(), head.ts),
    device: event.deviceId,
    actor: event.actorId,
    action: event.action,
    item: event.itemId ?? null,
    detail,
    kv,
  };
}

export function signAuditEntry(entry: UnsignedAuditEntry, key: DeviceSigningKey): Promise<AuditEntry> {
  return signRecord(entry, key);
}

export function verifyEntrySignature(entry: AuditEntry, key: CryptoKey): Promise<boolean> {
  return verifyRecord(entry, key);
}

/** Opens an entry's sealed detail (for members who hold the vault key). */
export function openAuditDetail(entry: AuditEntry, keyring: VaultKeyring): Promise<unknown> {
  return openSealedDetail(keyring, entry, aad.auditDetail(entry.vault, entry.seq), `audit entry ${entry.seq}`);
}

/** The detail of an entry of either version, sealed under vault key `kv` with the AAD its version names. */
export async function openSealedDetail(keyring: VaultKeyring, sealed: { detail: string | null; kv: number | null }, context: Aad, what: string): Promise<unknown> {
  if (sealed.detail === null || sealed.kv === null) return null;
  const plaintext = await open(keyring.get(sealed.kv), fromBase64url(sealed.detail), context);
  try {
    return JSON.parse(fromUtf8(plaintext)) as unknown;
  } catch {
    throw new CryptoError('bad-format', `${what}: the detail decrypted to something that is not JSON`);
  }
}
