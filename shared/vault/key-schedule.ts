/**
 * When a vault key is due for rotation (DESIGN §5: "scheduled, e.g. every 90 days"). The period travels
 * sealed in the vault's meta (`keyRotationDays`, docs/crypto.md §16), so every admin's device agrees;
 * the age comes from this device's own keyring entry for the current version, which the device that
 * rotated wrote itself and which a server cannot make younger once a device holds it.
 */
import type { VaultKeyringRecord } from './keyring.js';

export const DEFAULT_KEY_ROTATION_DAYS = 90;
const DAY_MS = 86_400_000;

export interface KeySchedule {
  /** Days between rotations; null: never on a schedule. */
  everyDays: number | null;
  /** When the current version was made (as this device holds it). */
  since: Date;
  dueAt: Date | null;
  due: boolean;
}

/** `days` as the vault meta says: a number, null for never, undefined for the default. */
export function keySchedule(record: VaultKeyringRecord, days: number | null | undefined, now: Date): KeySchedule {
  const everyDays = days === undefined ? DEFAULT_KEY_ROTATION_DAYS : days;
  const entry = record.keys.find((k) => k.version === record.current)!;
  // A time in the future is not one this device made: take it as the oldest possible, so it is due.
  const made = Date.parse(entry.createdAt);
  const since = new Date(made > now.getTime() + DAY_MS ? 0 : Math.min(made, now.getTime()));
  const dueAt = everyDays === null ? null : new Date(since.getTime() + everyDays * DAY_MS);
  return { everyDays, since, dueAt, due: dueAt !== null && dueAt.getTime() <= now.getTime() };
}
