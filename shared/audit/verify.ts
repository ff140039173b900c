/**
 * Verifies an audit chain and reports the first entry that breaks it, and why. Used by every client
 * (to check that nobody, the server included, rewrote history) and by the server on append.
 */
import type { DeviceVerifyKey } from '../crypto/keys.js';
import { auditEntrySchema, EMPTY_HEAD, entryHash, verifyEntrySignature, type AuditEntry, type ChainHead } from './entry.js';

export type ChainBreak =
  | 'malformed'
  | 'wrong-vault'
  | 'gap'
  | 'reorder'
  | 'broken-link'
  | 'time-backwards'
  | 'unknown-device'
  | 'revoked-device'
  | 'bad-signature'
  /** The chain ends before a head this client has already seen (entries were dropped: a rollback). */
  | 'truncated'
  /** The entry at a seq this client has already seen is a different one (history was rewritten). */
  | 'forked';

export interface DeviceRecord {
  verifyKey: DeviceVerifyKey;
  /** Entries stamped at or after this time (ms) are refused; null while the device is trusted. */
  revokedAt: number | null;
}

export type ChainReport =
  | { ok: true; head: ChainHead; verified: number }
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
  from?: ChainHead;
  /** The newest head this client has seen before; the chain must contain it unchanged (DESIGN §4 rollback). */
  known?: ChainHead;
}

type Problem = { reason: ChainBreak; message: string } | null;

/** Does the entry follow `head` in `vaultId`'s chain (vault, seq, prev, time)? Returns why not, or null. */
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

/** Was the entry signed by a known device, before its revocation? Returns why not, or null. */
export async function checkSigner(entry: AuditEntry, devices: ReadonlyMap<string, DeviceRecord>): Promise<Problem> {
  const device = devices.get(entry.device);
  if (!device) return { reason: 'unknown-device', message: `signed by device ${entry.device}, which is not registered` };
  if (device.revokedAt !== null && entry.ts >= device.revokedAt) {
    return { reason: 'revoked-device', message: `signed by device ${entry.device} after it was revoked` };
  }
  if (!(await verifyEntrySignature(entry, device.verifyKey))) {
    return { reason: 'bad-signature', message: `signature does not verify with device ${entry.device}'s key` };
  }
  return null;
}

/** Checks one entry against the head it claims to follow; returns why it fails, or null. */
export async function checkEntry(entry: AuditEntry, head: ChainHead, options: Omit<VerifyOptions, 'from'>): Promise<Problem> {
  return checkLink(entry, head, options.vaultId) ?? (await checkSigner(entry, options.devices));
}

export async function verifyChain(entries: readonly unknown[], options: VerifyOptions): Promise<ChainReport> {
  let head = options.from ?? EMPTY_HEAD;
  for (let index = 0; index < entries.length; index++) {
    const parsed = auditEntrySchema.safeParse(entries[index]);
    const fail = (seq: number | null, reason: ChainBreak, message: string): ChainReport => ({
      ok: false,
      index,
      seq,
      reason,
      message: `audit entry ${seq ?? `#${index}`}: ${message}`,
      head,
      verified: index,
    });
    if (!parsed.success) return fail(null, 'malformed', 'not an audit entry');
    const entry = parsed.data;
    const problem = await checkEntry(entry, head, options);
    if (problem) {
      // A later entry carrying the expected seq means the entries were shuffled, not lost.
      const shuffled =
        problem.reason === 'gap' &&
        entries.slice(index + 1).some((e) => auditEntrySchema.safeParse(e).data?.seq === head.seq + 1);
      return fail(entry.seq, shuffled ? 'reorder' : problem.reason, shuffled ? `seq ${entry.seq} stands before seq ${head.seq + 1}` : problem.message);
    }
    const next = { seq: entry.seq, hash: await entryHash(entry), ts: entry.ts };
    if (options.known && next.seq === options.known.seq && next.hash !== options.known.hash) {
      return fail(entry.seq, 'forked', 'differs from the entry this device saw before');
    }
    head = next;
  }
  if (options.known && head.seq < options.known.seq) {
    return {
      ok: false,
      index: entries.length,
      seq: null,
      reason: 'truncated',
      message: `the chain ends at seq ${head.seq}, but this device has already seen seq ${options.known.seq}`,
      head,
      verified: entries.length,
    };
  }
  return { ok: true, head, verified: entries.length };
}
