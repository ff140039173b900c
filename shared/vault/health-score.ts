/**
 * A 0–100 health score per key, with the reasons that took points away, so a list can sort by what
 * needs doing first and say why. Computed on the client from the decrypted item and what only the
 * whole vault knows (duplicates, former members); nothing about it is stored or sent.
 *
 * The weights are a judgement, written down in docs/decisions.md: a key seen leaked or readable by
 * someone who left is worse than an overdue one, which is worse than one that is merely old.
 */
import { EXPIRING_WITHIN_DAYS, rotationDueAt } from './health.js';
import type { ItemPayload } from './item.js';
import { duplicateCountsByTag, revokedSigningKey, type ItemFacts } from './item-facts.js';

const DAY_MS = 86_400_000;
/** Below this, a key is listed under "Needs attention" and counted on the badge. */
export const LOW_HEALTH = 60;
/** A key with no rotation policy is asked about once it is this old. */
export const UNPOLICED_AGE_DAYS = 365;

export type HealthReasonCode = 'revoked' | 'leaked' | 'exposed' | 'expired' | 'expiring' | 'overdue' | 'due-soon' | 'old-without-policy' | 'duplicate';

export interface HealthReason {
  code: HealthReasonCode;
  /** Points taken away (the score is 100 minus their sum, at least 0). */
  penalty: number;
  message: string;
}

export interface HealthScore {
  score: number;
  reasons: HealthReason[];
}

export interface HealthContext {
  now: Date;
  /** How many other items hold the same value. */
  duplicates?: number;
  /** Former members who could read the current value (shared/team/exposure.ts). */
  exposedTo?: readonly string[];
  /** When the current value was seen somewhere it should not be (a scan, a page), if ever. */
  leakedAt?: string | null;
}

const days = (ms: number) => Math.floor(ms / DAY_MS);

/** Scored from an item's facts (the summary index) or, the same way, from its payload. */
export function healthScore(item: ItemPayload | ItemFacts, context: HealthContext): HealthScore {
  const now = context.now.getTime();
  const reasons: HealthReason[] = [];
  const add = (code: HealthReasonCode, penalty: number, message: string) => reasons.push({ code, penalty: Math.round(penalty), message });

  // A revoked key is out of use: it scores 0 so it never looks healthy, but it asks nothing more.
  if (item.status.state === 'revoked') {
    add('revoked', 100, `revoked: ${item.status.reason}`);
    return { score: 0, reasons };
  }
  const signingRevoked = 'valueTag' in item ? item.revokedSigningKey : revokedSigningKey(item);
  if (signingRevoked !== null) add('revoked', 60, `its current signing key is revoked (${signingRevoked}): rotate to a new one`);
  if (context.leakedAt) add('leaked', 70, `seen leaked on ${context.leakedAt.slice(0, 10)}: rotate it at the provider`);
  if (context.exposedTo?.length) add('exposed', 50, `readable by ${context.exposedTo.join(', ')}, who left: rotate it at the provider`);

  if (item.expiresAt) {
    const left = Date.parse(item.expiresAt) - now;
    if (left <= 0) add('expired', 60, `expired ${days(-left)} day(s) ago`);
    else if (left <= EXPIRING_WITHIN_DAYS * DAY_MS) add('expiring', 10 + 20 * (1 - left / (EXPIRING_WITHIN_DAYS * DAY_MS)), `expires in ${Math.max(1, days(left))} day(s)`);
  }

  const due = rotationDueAt(item);
  if (due && item.rotation) {
    const period = item.rotation.everyDays * DAY_MS;
    const late = now - due.getTime();
    // Overdue costs 40 at once and up to 20 more as it reaches a whole period late.
    if (late >= 0) add('overdue', 40 + 20 * Math.min(1, late / period), `rotation overdue by ${days(late)} day(s) (every ${item.rotation.everyDays} days)`);
    else if (-late <= period / 4) add('due-soon', 10 * (1 - -late / (period / 4)), `rotation due in ${Math.max(1, days(-late))} day(s)`);
  } else {
    const age = now - Date.parse(item.lastRotatedAt ?? item.createdAt);
    if (age >= UNPOLICED_AGE_DAYS * DAY_MS) add('old-without-policy', 15, `unchanged for ${days(age)} days with no rotation policy`);
  }

  if (context.duplicates) add('duplicate', 20, `the same value is stored in ${context.duplicates} other item(s)`);

  const score = Math.max(0, 100 - reasons.reduce((sum, r) => sum + r.penalty, 0));
  return { score, reasons: reasons.sort((a, b) => b.penalty - a.penalty) };
}

/** Overdue, expiring, expired or low-health active keys: what the badge counts and "Needs attention" lists. */
export function needsCare(item: Pick<ItemPayload, 'status'>, health: HealthScore): boolean {
  if (item.status.state === 'revoked') return false;
  return health.score < LOW_HEALTH || health.reasons.some((r) => r.code === 'overdue' || r.code === 'expiring' || r.code === 'expired');
}

/** Scores for a whole vault from its items' facts, with duplicates counted across it by value tag. */
export function vaultHealthScores(
  items: ReadonlyArray<{ itemId: string; facts: ItemFacts }>,
  context: { now: Date; exposure?: ReadonlyMap<string, readonly string[]>; leaks?: ReadonlyMap<string, string> },
): Map<string, HealthScore> {
  const duplicates = duplicateCountsByTag(items);
  return new Map(
    items.map(({ itemId, facts }) => [
      itemId,
      healthScore(facts, { now: context.now, duplicates: duplicates.get(itemId) ?? 0, exposedTo: context.exposure?.get(itemId), leakedAt: context.leaks?.get(itemId) ?? null }),
    ]),
  );
}
