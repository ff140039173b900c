/**
 * A device's signing keys over time (docs/crypto.md §20, "Device-key rotation"). A device keeps its id
 * when it rotates its key: its account certifies the new key with a later `issuedAt`, and every earlier
 * key is *retired* at the `issuedAt` of the first certificate after it that names another key. A retired
 * key still verifies what it signed before it was retired (the device's history stays checkable) and
 * nothing stamped at or after that moment: a thief of the old key cannot sign as the device any more.
 *
 * The same key certified again later (a rotation retried after a lost answer re-issues the new key
 * with a fresh time) moves nothing: only a change of key retires one.
 */
import type { DeviceCertificate } from './certificate.js';

export interface KeyRetirement {
  /** base64url SPKI, as in the certificate. */
  key: string;
  /** ms: entries stamped at or after this are refused with this key. */
  retiredAt: number;
}

export interface DeviceKeyHistory {
  /** The certificate with the latest `issuedAt`: the key the device signs with now. */
  current: DeviceCertificate;
  /** Every earlier key, with when it stopped counting (oldest first). */
  retired: KeyRetirement[];
  /**
   * When the current key was itself retired before it came back (certified again after another key):
   * a key that comes back stays retired from its first retirement, so it signs nothing stamped from then
   * on. Absent for a key never retired (every honest history).
   */
  currentRetiredAt?: number;
}

/**
 * The order certificates are read in: by `issuedAt`, then (for two of the same time, which an honest
 * server never stores but a hostile one can serve) by key and signature, so the history does not
 * depend on the order the server lists them in.
 */
function byTime(a: DeviceCertificate, b: DeviceCertificate): number {
  return a.issuedAt - b.issuedAt || compare(a.key, b.key) || compare(a.sig, b.sig);
}
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The history the certificates of one device tell (already checked to be this device's and signed by
 * its account). Order does not matter: the server's word on which one is current is not needed.
 */
export function deviceKeyHistory(certificates: readonly DeviceCertificate[]): DeviceKeyHistory | null {
  if (certificates.length === 0) return null;
  const sorted = [...certificates].sort(byTime);
  const retired: KeyRetirement[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    const next = sorted[i]!;
    if (before.key === next.key) continue;
    // A key that comes back after being retired stays retired from its first retirement.
    if (!retired.some((r) => r.key === before.key)) retired.push({ key: before.key, retiredAt: next.issuedAt });
  }
  const current = sorted.at(-1)!;
  const currentRetiredAt = retired.find((r) => r.key === current.key)?.retiredAt;
  return { current, retired: retired.filter((r) => r.key !== current.key), ...(currentRetiredAt === undefined ? {} : { currentRetiredAt }) };
}

/** Every retirement a history tells, the current key's own included (one that came back after it was retired). */
export function retirementsOf(history: DeviceKeyHistory | null): KeyRetirement[] {
  if (!history) return [];
  return history.currentRetiredAt === undefined ? history.retired : [...history.retired, { key: history.current.key, retiredAt: history.currentRetiredAt }];
}

/**
 * Adds retirements this device remembers (the earlier time wins), so a server that stops listing the
 * certificate that retired a key does not make that key sign for the device again. Returns the merged
 * list; a remembered retirement of the key the served history calls current still counts.
 */
export function withRememberedRetirements(retired: readonly KeyRetirement[], remembered: Readonly<Record<string, number>> = {}): KeyRetirement[] {
  const merged = new Map<string, number>(Object.entries(remembered));
  for (const r of retired) merged.set(r.key, Math.min(r.retiredAt, merged.get(r.key) ?? Infinity));
  return [...merged].map(([key, retiredAt]) => ({ key, retiredAt })).sort((a, b) => a.retiredAt - b.retiredAt);
}

/**
 * How far ahead of the clock a rotation's certificate may be issued. Its time is when the old key stops
 * counting, so one far in the future (a clock that is ahead, a chain stamped ahead by some device, a
 * server's made-up current certificate) would leave the old key signing until then: the rotating device
 * refuses to certify such a time and the server refuses to take one.
 */
export const MAX_CERTIFICATE_AHEAD_MS = 5 * 60_000;

/** Earlier certificates a device may keep: each stays, since it is what verifies the device's older entries. */
export const MAX_KEY_HISTORY = 100;
