/**
 * Verifies an audit chain and reports the first entry that breaks it, and why. Used by every client
 * (to check that nobody, the server included, rewrote history) and, for single entries, by the server.
 *
 * A chain is v1 entries (each signs its own seq and prev; docs/crypto.md §11), then, from the first v2
 * record on, v2 records only (the server places them, each entry signs the head its device had seen;
 * §21). The devices handed in are the ones their accounts certified (§20): an entry counts only when
 * its device was certified by the entry's actor and not revoked before the entry's time.
 */
import type { DeviceVerifyKey } from '../crypto/keys.js';
import { auditEntrySchema, EMPTY_HEAD, GENESIS_HASH, entryHash, verifyEntrySignature, type AuditEntry, type ChainHead } from './entry.js';
import { auditEntryV2Schema, auditRecordSchema, recordHash, verifyEntryV2Signature, type AuditEntryV2, type AuditRecord } from './record.js';

export type ChainBreak =
  | 'malformed'
  | 'wrong-vault'
  | 'gap'
  | 'reorder'
  | 'broken-link'
  | 'time-backwards'
  | 'unknown-device'
  /** The device was certified for another account than the entry's actor. */
  | 'wrong-actor'
  /** A v2 entry whose device has no certificate from its account. */
  | 'uncertified-device'
  | 'revoked-device'
  /** Signed with a key its device had retired (rotated away from) before the entry's time. */
  | 'retired-key'
  | 'bad-signature'
  /** A v2 entry's `seen` is not a head of this chain (a forked view), or lies in its future. */
  | 'bad-seen'
  /** The same v2 entry (by id) twice. */
  | 'duplicate'
  /** A v1 entry after the chain moved to v2. */
  | 'downgrade'
  /** The chain ends before a head this client has already seen (entries were dropped: a rollback). */
  | 'truncated'
  /** The entry at a seq this client has already seen is a different one (history was rewritten). */
  | 'forked'
  /** An item write that does not follow the item's previous write (item-history.ts). */
  | 'broken-history';

export interface DeviceRecord {
  /** The key the device signs with now. */
  verifyKey: DeviceVerifyKey;
  /** When the current key itself was retired, as this verifier remembers (the server hid the newer certificate). */
  keyRetiredAt?: number | null;
  /** Keys the device signed with before a rotation: each verifies only entries stamped before its retirement. */
  retiredKeys?: readonly RetiredKey[];
  /** Entries stamped at or after this time (ms) are refused; null while the device is trusted. */
  revokedAt: number | null;
  /** The account that certified the device; entries must name it as their actor. */
  accountId?: string;
  /** True when the key comes from a certificate the account signed, not only from the server's list. */
  certified?: boolean;
}

export interface RetiredKey {
  verifyKey: DeviceVerifyKey;
  retiredAt: number;
}

export type ChainReport =
  | { ok: true; head: ChainHead; verified: number; format: 1 | 2; legacy: number }
  | {
      ok: false;
      /** Position in the list handed in, and the seq the entry claims (null when unreadable). */
      index: number;
      seq: number | null;
      reason: ChainBreak;
      message: string;
      /** The last entry that did verify: everything up to it can still be trusted. */
      head: ChainHead;
      verified: number;
    };

export interface VerifyOptions {
  vaultId: string;
  devices: ReadonlyMap<string, DeviceRecord>;
  /** Verify a continuation: the head the first entry must build on (default: an empty chain). */
  from?: ChainHead & { format?: 1 | 2 };
  /** The newest head this client has seen before; the chain must contain it unchanged (DESIGN §4 rollback). */
  known?: ChainHead;
  /** Ids of entries verified before `from` (the newest ones): a continuation must not hold them again. */
  earlierIds?: Iterable<string>;
}

type Problem = { reason: ChainBreak; message: string } | null;

/** Does the v1 entry follow `head` in `vaultId`'s chain (vault, seq, prev, time)? Returns why not, or null. */
export function checkLink(entry: AuditEntry, head: ChainHead, vaultId: string): Problem {
  if (entry.vault !== vaultId) return { reason: 'wrong-vault', message: `entry belongs to vault ${entry.vault}` };
  if (entry.seq !== head.seq + 1) {
    return entry.seq <= head.seq
      ? { reason: 'reorder', message: `seq ${entry.seq} comes after seq ${head.seq}` }
      : { reason: 'gap', message: `seq ${head.seq + 1} is missing before seq ${entry.seq}` };
  }
  if (entry.prev !== head.hash) return { reason: 'broken-link', message: `prev does not match the hash of entry ${head.seq}` };
  if (entry.ts < head.ts) return { reason: 'time-backwards', message: `time goes back ${head.ts - entry.ts} ms from entry ${head.seq}` };
  return null;
}

/** Was the entry signed by a known device of its actor, before the device's revocation? */
export async function checkSigner(entry: AuditEntry | AuditEntryV2, devices: ReadonlyMap<string, DeviceRecord>): Promise<Problem> {
  const device = devices.get(entry.device);
  if (!device) return { reason: 'unknown-device', message: `signed by device ${entry.device}, which is not registered` };
  if (device.accountId !== undefined && device.accountId !== entry.actor) {
    return { reason: 'wrong-actor', message: `signed by device ${entry.device}, which belongs to another account than ${entry.actor}` };
  }
  if (entry.v === 2 && !device.certified) return { reason: 'uncertified-device', message: `signed by device ${entry.device}, which its account never certified` };
  if (device.revokedAt !== null && entry.ts >= device.revokedAt) {
    return { reason: 'revoked-device', message: `signed by device ${entry.device} after it was revoked` };
  }
  const retired = device.retiredKeys ?? [];
  // The key the entry's time points at is tried first: one verification for almost every entry.
  const keys: RetiredKey[] = [
    ...retired.filter((k) => entry.ts < k.retiredAt),
    { verifyKey: device.verifyKey, retiredAt: device.keyRetiredAt ?? Infinity },
    ...retired.filter((k) => entry.ts >= k.retiredAt),
  ];
  for (const key of keys) {
    const valid = entry.v === 2 ? await verifyEntryV2Signature(entry, key.verifyKey) : await verifyEntrySignature(entry, key.verifyKey);
    if (!valid) continue;
    if (entry.ts < key.retiredAt) return null;
    return { reason: 'retired-key', message: `signed by device ${entry.device} with a key it retired ${new Date(key.retiredAt).toISOString()}, before this entry's time` };
  }
  return { reason: 'bad-signature', message: `signature does not verify with device ${entry.device}'s key${retired.length > 0 ? 's' : ''}` };
}

/** Checks one v1 entry against the head it claims to follow; returns why it fails, or null. */
export async function checkEntry(entry: AuditEntry, head: ChainHead, options: Omit<VerifyOptions, 'from'>): Promise<Problem> {
  return checkLink(entry, head, options.vaultId) ?? (await checkSigner(entry, options.devices));
}

/** Does the v2 record follow `head`, and is its entry's `seen` a head this walk has verified? */
function checkRecordLink(record: AuditRecord, head: ChainHead, vaultId: string, heads: ReadonlyMap<number, ChainHead>, ids: ReadonlySet<string>): Problem {
  const { entry } = record;
  if (entry.vault !== vaultId) return { reason: 'wrong-vault', message: `entry belongs to vault ${entry.vault}` };
  if (record.seq !== head.seq + 1) {
    return record.seq <= head.seq
      ? { reason: 'reorder', message: `seq ${record.seq} comes after seq ${head.seq}` }
      : { reason: 'gap', message: `seq ${head.seq + 1} is missing before seq ${record.seq}` };
  }
  if (record.prev !== head.hash) return { reason: 'broken-link', message: `prev does not match the hash of record ${head.seq}` };
  if (ids.has(entry.id)) return { reason: 'duplicate', message: `entry ${entry.id} appears twice` };
  if (entry.seen.seq >= record.seq) return { reason: 'bad-seen', message: `claims to have seen record ${entry.seen.seq}, which comes after it` };
  const seen = entry.seen.seq === 0 ? { ...EMPTY_HEAD, hash: GENESIS_HASH } : heads.get(entry.seen.seq);
  // A seen head from before the part of the chain being verified cannot be checked here; one inside it must match.
  if (seen && seen.hash !== entry.seen.hash) {
    return { reason: 'bad-seen', message: `its device saw another record ${entry.seen.seq} than this chain has (a fork)` };
  }
  if (seen && entry.ts < seen.ts) return { reason: 'time-backwards', message: `stamped before record ${entry.seen.seq}, which its device had seen` };
  return null;
}

type Parsed = { kind: 'v1'; entry: AuditEntry } | { kind: 'v2'; record: AuditRecord } | null;

/** An element of a chain as the server lists it: a record `{seq, prev, entry}`, or (v1) a bare entry. */
function parseElement(element: unknown): Parsed {
  const v2 = auditRecordSchema.safeParse(element);
  if (v2.success) return { kind: 'v2', record: v2.data };
  const wrapped = element && typeof element === 'object' && 'entry' in element ? (element as { seq?: unknown; prev?: unknown; entry: unknown }) : null;
  const v1 = auditEntrySchema.safeParse(wrapped ? wrapped.entry : element);
  if (!v1.success) return null;
  if (wrapped && (wrapped.seq !== v1.data.seq || wrapped.prev !== v1.data.prev)) return null;
  return { kind: 'v1', entry: v1.data };
}

export function elementSeq(element: unknown): number | null {
  const parsed = parseElement(element);
  return parsed ? (parsed.kind === 'v1' ? parsed.entry.seq : parsed.record.seq) : null;
}

export async function verifyChain(elements: readonly unknown[], options: VerifyOptions): Promise<ChainReport> {
  let head: ChainHead = options.from ?? EMPTY_HEAD;
  let format: 1 | 2 = options.from?.format ?? 1;
  let legacy = 0;
  const heads = new Map<number, ChainHead>([[head.seq, head]]);
  const ids = new Set<string>(options.earlierIds);
  for (let index = 0; index < elements.length; index++) {
    const parsed = parseElement(elements[index]);
    const fail = (seq: number | null, reason: ChainBreak, message: string): ChainReport => ({
      ok: false,
      index,
      seq,
      reason,
      message: `audit entry ${seq ?? `#${index}`}: ${message}`,
      head,
      verified: index,
    });
    if (!parsed) {
      const v2Entry = auditEntryV2Schema.safeParse((elements[index] as { entry?: unknown } | null)?.entry);
      return fail(null, 'malformed', v2Entry.success ? 'not a record of the chain' : 'not an audit entry');
    }
    let next: ChainHead;
    if (parsed.kind === 'v1') {
      const { entry } = parsed;
      if (format === 2) return fail(entry.seq, 'downgrade', 'a v1 entry after the chain moved to v2');
      const problem = await checkEntry(entry, head, options);
      if (problem) {
        // A later entry carrying the expected seq means the entries were shuffled, not lost.
        const shuffled = problem.reason === 'gap' && elements.slice(index + 1).some((e) => elementSeq(e) === head.seq + 1);
        return fail(entry.seq, shuffled ? 'reorder' : problem.reason, shuffled ? `seq ${entry.seq} stands before seq ${head.seq + 1}` : problem.message);
      }
      if (!options.devices.get(entry.device)?.certified) legacy++;
      next = { seq: entry.seq, hash: await entryHash(entry), ts: entry.ts };
    } else {
      const { record } = parsed;
      const problem = checkRecordLink(record, head, options.vaultId, heads, ids) ?? (await checkSigner(record.entry, options.devices));
      if (problem) {
        const shuffled = problem.reason === 'gap' && elements.slice(index + 1).some((e) => elementSeq(e) === head.seq + 1);
        return fail(record.seq, shuffled ? 'reorder' : problem.reason, shuffled ? `seq ${record.seq} stands before seq ${head.seq + 1}` : problem.message);
      }
      format = 2;
      ids.add(record.entry.id);
      next = { seq: record.seq, hash: await recordHash(record), ts: Math.max(head.ts, record.entry.ts) };
    }
    if (options.known && next.seq === options.known.seq && next.hash !== options.known.hash) {
      return fail(next.seq, 'forked', 'differs from the entry this device saw before');
    }
    head = next;
    heads.set(head.seq, head);
  }
  if (options.known && head.seq < options.known.seq) {
    return {
      ok: false,
      index: elements.length,
      seq: null,
      reason: 'truncated',
      message: `the chain ends at seq ${head.seq}, but this device has already seen seq ${options.known.seq}`,
      head,
      verified: elements.length,
    };
  }
  return { ok: true, head, verified: elements.length, format, legacy };
}
