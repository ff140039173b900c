/**
 * A webhook endpoint's signing key set, kept inside the item payload as `signing` (docs/crypto.md §7,
 * §14). The item's `value` is always the current key's secret, so copy, fill and `run` keep handing out
 * the key that signs; the set adds the keys that still verify during an overlap window after a rotation.
 *
 * A key signs only while it is the current key, active, and its item is active. A key verifies while it
 * is active, its item is active, and it is current or inside its overlap window. Revoking a key (or the
 * item) stops both at once; reactivating restores what its window still allows.
 */
import { VaultError } from '../errors.js';
import { toHex } from '../encoding.js';
import { randomBytes } from '../crypto/random.js';
import { itemPayloadSchema, MAX_LIVE_SIGNING_KEYS, type ItemPayload, type SigningKey, type SigningKeySet } from './item.js';
import { validItem as valid } from '../util/parse.js';

export const DEFAULT_OVERLAP_HOURS = 24;
export const MAX_OVERLAP_HOURS = 24 * 30;
/** Keys that may still verify at once: more means something is rotating in a loop. */
const HOUR_MS = 3_600_000;


export type SigningKeyState = 'current' | 'overlap' | 'ended' | 'revoked';

/** What lists show: everything but the secret. */
export interface SigningKeyInfo {
  id: string;
  createdAt: string;
  retiredAt: string | null;
  verifiesUntil: string | null;
  state: SigningKeyState;
  revokedReason: string | null;
  /** Signs (the current key only) or verifies right now. */
  signs: boolean;
  verifies: boolean;
}

const newKeyId = () => `k_${toHex(randomBytes(4))}`;
/** An id for a value that was set without a key id (before sets existed, or by a client that knows none). */
const adoptedKeyId = (since: string) => `k_${since.replace(/\D/g, '').slice(0, 17).padEnd(17, '0')}`;

/**
 * The item's keys as they stand: the stored set, or, when there is none or its current key is not the
 * item's value (changed by a client that did not know the set), the value adopted as current. A stored
 * current key that is no longer the value stops verifying when the value changed: nobody chose a window.
 */
export function signingKeys(item: ItemPayload): SigningKey[] {
  const since = item.lastRotatedAt ?? item.createdAt;
  const adopted: SigningKey = { id: adoptedKeyId(since), secret: item.value, createdAt: since, retiredAt: null, verifiesUntil: null, status: { state: 'active' } };
  const stored = item.signing?.keys;
  if (!stored) return [adopted];
  if (stored.some((k) => k.retiredAt === null && k.secret === item.value)) return stored;
  return [...stored.filter((k) => k.id !== adopted.id).map((k) => (k.retiredAt === null ? { ...k, retiredAt: since, verifiesUntil: since } : k)), adopted];
}

/** A new signing secret's set: its value as the one current key, with a fresh id. */
export function startSigningKeySet(item: ItemPayload): ItemPayload {
  if (item.signing) return item;
  const since = item.lastRotatedAt ?? item.createdAt;
  return { ...item, signing: { keys: [{ id: newKeyId(), secret: item.value, createdAt: since, retiredAt: null, verifiesUntil: null, status: { state: 'active' } }] } };
}

function stateOf(key: SigningKey, now: Date): SigningKeyState {
  if (key.status.state === 'revoked') return 'revoked';
  if (key.verifiesUntil === null) return 'current';
  return Date.parse(key.verifiesUntil) > now.getTime() ? 'overlap' : 'ended';
}

export function listSigningKeys(item: ItemPayload, now: Date): SigningKeyInfo[] {
  const itemActive = item.status.state === 'active';
  return signingKeys(item)
    .map((key) => {
      const state = stateOf(key, now);
      return {
        id: key.id,
        createdAt: key.createdAt,
        retiredAt: key.retiredAt,
        verifiesUntil: key.verifiesUntil,
        state,
        revokedReason: key.status.state === 'revoked' ? key.status.reason : null,
        signs: itemActive && state === 'current',
        verifies: itemActive && (state === 'current' || state === 'overlap'),
      };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The key that signs now; refused, naming why, when the item or its current key is revoked. */
export function currentSigningKey(item: ItemPayload): { id: string; secret: string } {
  if (item.status.state === 'revoked') throw new VaultError('invalid-state', `"${item.name}" is revoked (${item.status.reason}): it neither signs nor verifies; reactivate it or rotate to a new key`);
  if (item.value.length === 0) throw new VaultError('invalid-state', `"${item.name}" has no value to sign with`);
  const current = signingKeys(item).find((k) => k.retiredAt === null)!;
  if (current.status.state === 'revoked') throw new VaultError('invalid-state', `the current signing key ${current.id} of "${item.name}" is revoked (${current.status.reason}): rotate to a new key or reactivate it`);
  return { id: current.id, secret: current.secret };
}

/** Exactly the keys that verify at `now`: none for a revoked item. */
export function liveVerificationKeys(item: ItemPayload, now: Date): { id: string; secret: string }[] {
  if (item.status.state === 'revoked' || item.value.length === 0) return [];
  return signingKeys(item)
    .filter((k) => ['current', 'overlap'].includes(stateOf(k, now)))
    .map((k) => ({ id: k.id, secret: k.secret }));
}

/** Whether a rotation of this item keeps the old value verifying for a window (a signing key set). */
export const rotatesAsSigningKey = (item: ItemPayload) => item.signing !== undefined || item.kind === SIGNING_SECRET_KIND;
export const SIGNING_SECRET_KIND = 'signing-secret';

export function checkOverlapHours(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0 || hours > MAX_OVERLAP_HOURS) {
    throw new VaultError('invalid-input', `the overlap window must be between 0 and ${MAX_OVERLAP_HOURS} hours (30 days)`);
  }
  return hours;
}

/**
 * The set after `newSecret` became the item's value: the old current key verifies for `overlapHours`
 * more; keys whose window ended, and revoked old keys, leave the set (their secrets stay in the
 * item's history).
 */
export function setAfterRotation(item: ItemPayload, newSecret: string, overlapHours: number, now: Date): SigningKeySet {
  checkOverlapHours(overlapHours);
  // A key that was in the set or the history (perhaps revoked because it leaked) must not come back.
  if (signingKeys(item).some((k) => k.secret === newSecret) || item.history.some((h) => h.value === newSecret)) {
    throw new VaultError('invalid-input', `that key was used before by "${item.name}": generate a new one`);
  }
  const at = now.toISOString();
  const until = new Date(now.getTime() + overlapHours * HOUR_MS).toISOString();
  const kept = signingKeys(item)
    .map((k) => (k.retiredAt === null ? { ...k, retiredAt: at, verifiesUntil: until } : k))
    .filter((k) => stateOf(k, now) === 'overlap');
  if (kept.length >= MAX_LIVE_SIGNING_KEYS) {
    throw new VaultError('invalid-state', `${kept.length} older keys of "${item.name}" still verify: revoke some, or wait for their windows to end, before rotating again`);
  }
  return { keys: [...kept, { id: newKeyId(), secret: newSecret, createdAt: at, retiredAt: null, verifiesUntil: null, status: { state: 'active' } }] };
}

function withKey(item: ItemPayload, keyId: string, change: (key: SigningKey) => SigningKey, now: Date): ItemPayload {
  const keys = signingKeys(item);
  if (!keys.some((k) => k.id === keyId)) throw new VaultError('invalid-input', `"${item.name}" has no signing key ${keyId} (it may have left the set at a rotation)`);
  return valid(itemPayloadSchema, { ...item, signing: { keys: keys.map((k) => (k.id === keyId ? change(k) : k)) }, updatedAt: now.toISOString() }, 'cannot change the signing key');
}

export function revokeSigningKey(item: ItemPayload, keyId: string, reason: string, now: Date): ItemPayload {
  if (reason.trim().length === 0) throw new VaultError('invalid-input', 'a revocation needs a reason (for example "leaked in a log")');
  return withKey(item, keyId, (k) => {
    if (k.status.state === 'revoked') throw new VaultError('invalid-state', `signing key ${keyId} is already revoked`);
    return { ...k, status: { state: 'revoked', reason: reason.trim(), at: now.toISOString() } };
  }, now);
}

export function reactivateSigningKey(item: ItemPayload, keyId: string, now: Date): ItemPayload {
  return withKey(item, keyId, (k) => {
    if (k.status.state === 'active') throw new VaultError('invalid-state', `signing key ${keyId} is not revoked`);
    if (k.verifiesUntil !== null && Date.parse(k.verifiesUntil) <= now.getTime()) {
      throw new VaultError('invalid-state', `signing key ${keyId}'s overlap window ended ${k.verifiesUntil}: reactivating it would not make it verify`);
    }
    return { ...k, status: { state: 'active' } };
  }, now);
}

/**
 * Both devices' sets against their common base (docs/crypto.md §7), key by key: a key one side changed
 * takes that change; a key both changed keeps a revocation and the earlier window end; a key one side
 * dropped (its window ended, or it was revoked and rotated away) stays dropped. Then the key holding the
 * merged value is current, and any other key still current on one side verifies for the default window,
 * so a key one device already handed out is not cut off by the other's rotation.
 */
export function mergeSigningKeySets(
  base: SigningKeySet | undefined,
  ours: SigningKeySet | undefined,
  theirs: SigningKeySet | undefined,
  value: string,
  now: Date,
  /** The merged item's `lastRotatedAt ?? createdAt`: names a value that has no key yet, the same on every device. */
  since: string,
): SigningKeySet | undefined {
  const index = (set: SigningKeySet | undefined) => new Map((set?.keys ?? []).map((k) => [k.id, k]));
  const [b, o, t] = [index(base), index(ours), index(theirs)];
  const same = (x: SigningKey | undefined, y: SigningKey | undefined) => JSON.stringify(x) === JSON.stringify(y);
  const keys: SigningKey[] = [];
  for (const id of new Set([...o.keys(), ...t.keys()])) {
    const [bk, ok, tk] = [b.get(id), o.get(id), t.get(id)];
    if (!ok || !tk) {
      if (!bk) keys.push((ok ?? tk)!);
      continue;
    }
    if (same(ok, tk) || same(bk, tk)) keys.push(ok);
    else if (same(bk, ok)) keys.push(tk);
    else {
      const retired = [ok, tk].filter((k) => k.retiredAt !== null).sort((x, y) => x.verifiesUntil!.localeCompare(y.verifiesUntil!))[0];
      const revoked = [ok, tk].find((k) => k.status.state === 'revoked');
      keys.push({ ...ok, ...(retired ? { retiredAt: retired.retiredAt, verifiesUntil: retired.verifiesUntil } : {}), status: (revoked ?? ok).status });
    }
  }
  if (keys.length === 0) return ours ?? theirs;
  let current = keys.find((k) => k.secret === value && k.retiredAt === null) ?? keys.find((k) => k.secret === value);
  if (!current) {
    // The value won from a client that knows no set: it is the current key, and nothing else is cut off.
    current = { id: adoptedKeyId(since), secret: value, createdAt: since, retiredAt: null, verifiesUntil: null, status: { state: 'active' } };
    if (value.length === 0 || keys.some((k) => k.id === current!.id)) return ours ?? theirs;
    keys.push(current);
  }
  const at = now.toISOString();
  const until = new Date(now.getTime() + DEFAULT_OVERLAP_HOURS * HOUR_MS).toISOString();
  return {
    keys: keys.map((k) =>
      k === current ? { ...k, retiredAt: null, verifiesUntil: null } : k.retiredAt === null ? { ...k, retiredAt: at, verifiesUntil: until } : k,
    ),
  };
}
