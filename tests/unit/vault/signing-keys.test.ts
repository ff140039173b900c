import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createItem,
  currentSigningKey,
  generateSecret,
  itemPayloadSchema,
  listSigningKeys,
  liveVerificationKeys,
  mergePayloads,
  reactivateSigningKey,
  reactivateItem,
  revokeItem,
  revokeSigningKey,
  rotateValue,
  signWebhook,
  startSigningKeySet,
  verifyWebhookWithKeys,
  type ItemPayload,
} from '../../../shared/index.js';
import { expectVaultError } from '../../support/errors.js';

const HOUR = 3_600_000;
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
const endpoint = (value = 'whsec_first') => createItem({ type: 'secret', kind: 'signing-secret', name: 'Orders webhook', value }, t0);
const payload = '{"id":"evt_1"}';

/** Signs with the item's current key and verifies against the keys live at `now`. */
async function roundTrip(signer: ItemPayload, verifier: ItemPayload, now: Date) {
  const header = await signWebhook(currentSigningKey(signer).secret, payload, Math.floor(now.getTime() / 1000));
  return verifyWebhookWithKeys(liveVerificationKeys(verifier, now), payload, header, { now });
}

describe('signing key sets', () => {
  it('treats an item without a set as one current key, with an id that does not come from the secret', () => {
    // An item from before sets: no `signing` field.
    const { signing: _new, ...item } = endpoint();
    expect(listSigningKeys(endpoint(), t0)[0]!.id).toMatch(/^k_[0-9a-f]{8}$/); // a new signing secret starts its own set
    const [key] = listSigningKeys(item, t0);
    expect(key).toMatchObject({ id: 'k_20261201100000000', state: 'current', signs: true, verifies: true });
    const { signing: _other, ...other } = endpoint('whsec_other');
    expect(listSigningKeys(other, t0)[0]!.id).toBe(key!.id);
    const started = startSigningKeySet(item);
    expect(listSigningKeys(started, t0)).toEqual([{ ...key, id: expect.stringMatching(/^k_[0-9a-f]{8}$/) }]);
    expect(itemPayloadSchema.parse(started)).toEqual(started);
  });

  it('keeps the old key verifying through the overlap window, and only the new one after it', async () => {
    const before = endpoint();
    const after = rotateValue(before, 'whsec_second', { now: at(1), overlapHours: 24 });
    const [newKey, oldKey] = listSigningKeys(after, at(2));
    expect(newKey).toMatchObject({ state: 'current', signs: true, verifies: true });
    expect(oldKey).toMatchObject({ state: 'overlap', signs: false, verifies: true, verifiesUntil: at(25).toISOString() });
    expect(currentSigningKey(after).secret).toBe('whsec_second');
    // A sender still on the old key, and one already on the new key, both verify during the window.
    expect(await roundTrip(before, after, at(2))).toMatchObject({ ok: true, keyId: oldKey!.id });
    expect(await roundTrip(after, after, at(2))).toMatchObject({ ok: true, keyId: newKey!.id });
    expect(await roundTrip(before, after, at(25))).toEqual({ ok: false, reason: 'mismatch' });
    expect(await roundTrip(after, after, at(25))).toMatchObject({ ok: true, keyId: newKey!.id });
    expect(after.history.map((h) => h.value)).toEqual(['whsec_first']);
  });

  it('stops a revoked key signing and verifying at once; reactivating restores what its window allows', async () => {
    const before = endpoint();
    const rotated = rotateValue(before, 'whsec_second', { now: at(1) });
    const oldId = listSigningKeys(rotated, at(1))[1]!.id;
    const revoked = revokeSigningKey(rotated, oldId, 'leaked in a log', at(2));
    expect(await roundTrip(before, revoked, at(2))).toEqual({ ok: false, reason: 'mismatch' });
    expect(listSigningKeys(revoked, at(2))[1]).toMatchObject({ state: 'revoked', verifies: false, revokedReason: 'leaked in a log' });
    const back = reactivateSigningKey(revoked, oldId, at(3));
    expect(await roundTrip(before, back, at(3))).toMatchObject({ ok: true, keyId: oldId });
    await expectVaultError(() => reactivateSigningKey(revokeSigningKey(back, oldId, 'again', at(4)), oldId, at(30)), 'invalid-state');

    const currentId = listSigningKeys(rotated, at(1))[0]!.id;
    const noCurrent = revokeSigningKey(rotated, currentId, 'compromised', at(2));
    await expectVaultError(() => currentSigningKey(noCurrent), 'invalid-state');
    expect(await roundTrip(rotated, noCurrent, at(2))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a revoked item neither signs nor verifies with any of its keys', async () => {
    const rotated = rotateValue(endpoint(), 'whsec_second', { now: at(1) });
    const revoked = revokeItem(rotated, 'endpoint retired', at(2));
    await expectVaultError(() => currentSigningKey(revoked), 'invalid-state');
    expect(liveVerificationKeys(revoked, at(2))).toEqual([]);
    expect(await roundTrip(rotated, revoked, at(2))).toEqual({ ok: false, reason: 'no-live-key' });
    expect(listSigningKeys(revoked, at(2)).every((k) => !k.signs && !k.verifies)).toBe(true);
    expect(await roundTrip(rotated, reactivateItem(revoked, at(3)), at(3))).toMatchObject({ ok: true });
  });

  it('an overlap of zero ends the old key at once; windows outside 0–720 hours are refused', async () => {
    const before = endpoint();
    const after = rotateValue(before, 'whsec_second', { now: at(1), overlapHours: 0 });
    expect(listSigningKeys(after, at(1))).toHaveLength(1);
    expect(await roundTrip(before, after, at(1))).toEqual({ ok: false, reason: 'mismatch' });
    await expectVaultError(() => rotateValue(before, 'x', { now: at(1), overlapHours: 721 }), 'invalid-input');
    await expectVaultError(() => rotateValue(before, 'x', { now: at(1), overlapHours: -1 }), 'invalid-input');
  });

  it('an API key rotates without a set unless asked; a signing secret always keeps a window', () => {
    const apiKey = createItem({ name: 'OpenAI', value: 'sk-one' }, t0);
    expect(rotateValue(apiKey, 'sk-two', { now: at(1) }).signing).toBeUndefined();
    expect(rotateValue(endpoint(), 'whsec_2', { now: at(1) }).signing?.keys).toHaveLength(2);
  });

  it('a value changed by a client that knows no set becomes the current key; the stored one stops verifying', async () => {
    const rotated = rotateValue(endpoint(), 'whsec_second', { now: at(1) });
    // An older client rotates the value and writes the set back untouched.
    const older = { ...rotated, value: 'whsec_third', lastRotatedAt: at(2).toISOString() };
    const keys = listSigningKeys(older, at(3));
    expect(keys[0]).toMatchObject({ state: 'current', id: 'k_20261201120000000' });
    expect(keys.filter((k) => k.verifies)).toHaveLength(2); // the new value and the first key's window
    expect(keys.find((k) => k.state === 'ended')).toBeDefined();
    expect(currentSigningKey(older).secret).toBe('whsec_third');
  });

  it('refuses a stored set that contradicts itself (the item is reported invalid, not guessed at)', () => {
    const rotated = rotateValue(endpoint(), 'whsec_second', { now: at(1) });
    const twoCurrent = { ...rotated, signing: { keys: rotated.signing!.keys.map((k) => ({ ...k, retiredAt: null, verifiesUntil: null })) } };
    expect(itemPayloadSchema.safeParse(twoCurrent).success).toBe(false);
    const sameIds = { ...rotated, signing: { keys: rotated.signing!.keys.map((k) => ({ ...k, id: 'k_00000000' })) } };
    expect(itemPayloadSchema.safeParse(sameIds).success).toBe(false);
  });
});

describe('signing key sets edited on two devices at once', () => {
  const base = rotateValue(endpoint(), 'whsec_second', { now: at(1) });
  const ids = (p: ItemPayload) => listSigningKeys(p, at(5)).map((k) => [k.state, k.verifies]);

  it('two rotations: the later value signs, the other new key keeps verifying for the default window', async () => {
    const a = rotateValue(base, 'whsec_a', { now: at(2) });
    const b = rotateValue(base, 'whsec_b', { now: at(3) });
    const { payload: merged } = mergePayloads(base, a, b, at(4));
    expect(currentSigningKey(merged).secret).toBe('whsec_b');
    for (const sender of [a, b, base]) expect(await roundTrip(sender, merged, at(5))).toMatchObject({ ok: true });
    expect(merged.notes).not.toContain('whsec');
    expect(await roundTrip(a, merged, at(4 + 25))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a revocation on one device survives a rotation on the other, and a reactivation alone is kept', async () => {
    const oldId = listSigningKeys(base, at(1))[1]!.id;
    const revoked = revokeSigningKey(base, oldId, 'leaked', at(2));
    const edited = { ...base, notes: 'edited elsewhere', updatedAt: at(3).toISOString() };
    const { payload: merged } = mergePayloads(base, revoked, edited, at(4));
    expect(liveVerificationKeys(merged, at(4)).map((k) => k.id)).not.toContain(oldId);

    const revokedBase = revoked;
    const reactivated = reactivateSigningKey(revokedBase, oldId, at(3));
    const other = { ...revokedBase, notes: 'n', updatedAt: at(3).toISOString() };
    const { payload: kept } = mergePayloads(revokedBase, reactivated, other, at(4));
    expect(liveVerificationKeys(kept, at(4)).map((k) => k.id)).toContain(oldId);
    expect(ids(kept)).toEqual(ids(reactivated));
  });

  it('a key one device rotated away with no window does not come back from the other', async () => {
    const zero = rotateValue(base, 'whsec_now', { now: at(2), overlapHours: 0 });
    const stale = { ...base, notes: 'stale device', updatedAt: at(3).toISOString() };
    const { payload: merged } = mergePayloads(base, zero, stale, at(4));
    expect(await roundTrip(base, merged, at(4))).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('signing key sets under any sequence of operations', () => {
  type Op = { kind: 'rotate'; overlap: number } | { kind: 'revoke' | 'reactivate'; which: number } | { kind: 'item-revoke' | 'item-reactivate' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('rotate' as const), overlap: fc.integer({ min: 0, max: 48 }) }),
    fc.record({ kind: fc.constantFrom('revoke' as const, 'reactivate' as const), which: fc.nat(5) }),
    fc.record({ kind: fc.constantFrom('item-revoke' as const, 'item-reactivate' as const) }),
  );

  it('keeps one current key equal to the value, and never lets a revoked or ended key verify', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let item = endpoint(generateSecret());
        const revokedIds = new Set<string>();
        ops.forEach((o, step) => {
          const now = at(step + 1);
          try {
            if (o.kind === 'rotate') item = rotateValue(item, generateSecret(), { now, overlapHours: o.overlap });
            else if (o.kind === 'item-revoke') item = revokeItem(item, 'r', now);
            else if (o.kind === 'item-reactivate') item = reactivateItem(item, now);
            else if (o.kind === 'revoke' || o.kind === 'reactivate') {
              const key = listSigningKeys(item, now)[o.which];
              if (!key) return;
              item = o.kind === 'revoke' ? revokeSigningKey(item, key.id, 'r', now) : reactivateSigningKey(item, key.id, now);
              if (o.kind === 'revoke') revokedIds.add(key.id);
              else revokedIds.delete(key.id);
            }
          } catch (error) {
            if (!(error instanceof Error) || error.name !== 'VaultError') throw error;
          }
          expect(itemPayloadSchema.safeParse(item).success).toBe(true);
          const keys = listSigningKeys(item, now);
          expect(keys.filter((k) => k.state === 'current')).toHaveLength(keys.some((k) => k.state === 'current') ? 1 : 0);
          const live = liveVerificationKeys(item, now).map((k) => k.id);
          for (const id of live) expect(revokedIds.has(id)).toBe(false);
          if (item.status.state === 'revoked') expect(live).toEqual([]);
          for (const k of keys) if (k.state === 'ended') expect(live).not.toContain(k.id);
          expect(signingSecretOf(item)).toBe(item.value);
        });
      }),
      { numRuns: 200 },
    );
  });
});

/** The stored current key's secret (or the value itself when no set is stored yet). */
function signingSecretOf(item: ItemPayload): string {
  return item.signing?.keys.find((k) => k.retiredAt === null)?.secret ?? item.value;
}
