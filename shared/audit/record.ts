/**
 * Audit entries, v2 (docs/crypto.md §21): the device signs what happened and the head of the chain it
 * had verified (`seen`); the server gives the entry its place. A stored record is
 *
 *   record = { seq, prev, entry }        hash(record) = SHA-256(RFC 8785 JSON of the record)
 *
 * where `prev` is the hash of the record before. The server decides the order, so devices no longer
 * race for the head (v1 made the loser sign again); it cannot drop or change a record unnoticed, because
 * every later entry's signed `seen` commits to the chain as it stood when that device looked, and a
 * device that remembers a head catches any rewrite before it.
 *
 * `write` names an item write the entry records: the revision, the SHA-256 of the blob (null for a
 * delete) and that of the state it replaced, so a client can prove that the items it holds are the
 * latest the chain names, and that each version follows the one before (item-history.ts).
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { toBase64url, utf8 } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { seal } from '../crypto/aead.js';
import { canonicalBytes } from '../crypto/canonical.js';
import type { DeviceSigningKey } from '../crypto/keys.js';
import { newId } from '../crypto/random.js';
import { signRecord, verifyRecord } from '../crypto/signature.js';
import { idSchema } from '../identity/ids.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { AUDIT_ACTIONS, GENESIS_HASH, openSealedDetail, type AuditEvent, type ChainHead } from './entry.js';

/** `token.*`: access tokens (docs/crypto.md §25); `use` and `refuse` are what the server reported, signed into the chain by an admin's device. */
export const AUDIT_ACTIONS_V2 = [...AUDIT_ACTIONS, 'item.write', 'item.baseline', 'vault.upgrade', 'token.create', 'token.revoke', 'token.use', 'token.refuse'] as const;
export type AuditActionV2 = (typeof AUDIT_ACTIONS_V2)[number];

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const hash = b64.length(43);
const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const itemWriteSchema = z.strictObject({
  rev: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** SHA-256 of the blob as stored (its exact characters, UTF-8); null for a delete. */
  hash: hash.nullable(),
  deleted: z.boolean(),
  /** The `hash` of the state this write replaced (null after a delete, for a new item, and in a baseline). */
  prev: hash.nullable(),
});
export type ItemWrite = z.infer<typeof itemWriteSchema>;

export const auditEntryV2Schema = z.strictObject({
  v: z.literal(2),
  vault: idSchema,
  id: idSchema,
  seen: z.strictObject({ seq, hash }),
  ts: seq,
  device: idSchema,
  actor: idSchema,
  action: z.enum(AUDIT_ACTIONS_V2),
  item: idSchema.nullable(),
  write: itemWriteSchema.nullable(),
  detail: b64.max(16_384).nullable(),
  kv: z.number().int().positive().nullable(),
  sig: b64.length(86),
});
export type AuditEntryV2 = z.infer<typeof auditEntryV2Schema>;
export type UnsignedAuditEntryV2 = Omit<AuditEntryV2, 'sig'>;

export const auditRecordSchema = z.strictObject({ seq: seq.min(1), prev: hash, entry: auditEntryV2Schema });
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export async function sha256b64(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

export function recordHash(record: AuditRecord): Promise<string> {
  return sha256b64(canonicalBytes(record));
}

/** The hash a write record names for a blob: SHA-256 of its exact text. */
export function blobHash(blob: string): Promise<string> {
  return sha256b64(utf8(blob));
}

export interface AuditEventV2 extends Omit<AuditEvent, 'action'> {
  action: AuditActionV2;
  write?: ItemWrite | null;
}

/** Builds and signs an entry; `seen` is the newest head this device verified (the empty head at first). */
/**
 * The same entry signed with another key of its device (after a device-key rotation: an entry the old
 * key stamped after its retirement counts again once the new key, which counts at any time, signs it).
 */
export function resignEntryV2(entry: AuditEntryV2, signingKey: DeviceSigningKey): Promise<AuditEntryV2> {
  const { sig: _old, ...unsigned } = entry;
  return signRecord(unsigned, signingKey);
}

export async function signEntryV2(event: AuditEventV2, seen: ChainHead, now: Date, signingKey: DeviceSigningKey, keyring?: VaultKeyring): Promise<AuditEntryV2> {
  const id = newId();
  let detail: string | null = null;
  let kv: number | null = null;
  if (event.detail !== undefined) {
    if (!keyring) throw new CryptoError('invalid-argument', 'an audit detail needs the vault keyring to seal it');
    kv = keyring.current;
    detail = toBase64url(await seal(keyring.currentKey(), utf8(JSON.stringify(event.detail)), aad.auditDetailV2(event.vaultId, id)));
  }
  const unsigned: UnsignedAuditEntryV2 = {
    v: 2,
    vault: event.vaultId,
    id,
    seen: { seq: seen.seq, hash: seen.hash },
    // Never below what this device has seen, so an honest device's entries do not step back in time.
    ts: Math.max(now.getTime(), seen.ts),
    device: event.deviceId,
    actor: event.actorId,
    action: event.action,
    item: event.itemId ?? null,
    write: event.write ?? null,
    detail,
    kv,
  };
  return signRecord(unsigned, signingKey);
}

export function verifyEntryV2Signature(entry: AuditEntryV2, key: CryptoKey): Promise<boolean> {
  return verifyRecord(entry, key);
}

export function openAuditDetailV2(entry: AuditEntryV2, keyring: VaultKeyring): Promise<unknown> {
  return openSealedDetail(keyring, entry, aad.auditDetailV2(entry.vault, entry.id), `audit entry ${entry.id}`);
}

export { GENESIS_HASH };
