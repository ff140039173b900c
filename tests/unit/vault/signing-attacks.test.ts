/** REVIEW PROOFS on the pure core (real WebCrypto, real objects). */
import { describe, expect, it, vi } from 'vitest';
import {
  createItem,
  editItem,
  healthScore,
  keySchedule,
  listSigningKeys,
  liveVerificationKeys,
  mergePayloads,
  revokeSigningKey,
  rotateValue,
  signWebhook,
  verifyWebhookWithKeys,
  type ItemPayload,
} from '../../../shared/index.js';

const HOUR = 3_600_000;
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
const endpoint = (value = 'whsec_first') => createItem({ type: 'secret', kind: 'signing-secret', name: 'Orders webhook', value }, t0);

async function verifiesWith(secret: string, item: ItemPayload, now: Date) {
  const header = await signWebhook(secret, '{"e":1}', Math.floor(now.getTime() / 1000));
  return verifyWebhookWithKeys(liveVerificationKeys(item, now), '{"e":1}', header, { now });
}

describe('signing key merge', () => {
  // Device A saw the old key leak: revoked it, then rotated (revoked old keys leave the set).
  // Device B still has the old key inside its overlap window and only edited something else.
  const base = rotateValue(endpoint(), 'whsec_second', { now: at(1), overlapHours: 24 });
  const oldId = listSigningKeys(base, at(1)).find((k) => k.state === 'overlap')!.id;
  const ours = rotateValue(revokeSigningKey(base, oldId, 'leaked', at(2)), 'whsec_third', { now: at(3), overlapHours: 24 });
  const theirs = editItem(base, { notes: 'edited on B' }, at(4));

  it('with the common base, a key revoked and rotated away on one side stays dead', async () => {
    const { payload } = mergePayloads(base, ours, theirs, at(5));
    expect((await verifiesWith('whsec_first', payload, at(5))).ok).toBe(false);
  });

  it('when the notes both sides wrote overflow, the revocation is still kept', async () => {
    const revoked = editItem(revokeSigningKey(base, oldId, 'leaked', at(2)), { notes: 'incident log: '.padEnd(11_000, 'x') }, at(2));
    const other = editItem(base, { notes: 'runbook: '.padEnd(11_000, 'y') }, at(3)); // edited later: the winner
    const { payload, conflicts } = mergePayloads(base, revoked, other, at(4));
    expect(conflicts).toContain('notes');
    expect(await verifiesWith('whsec_first', payload, at(4))).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('health score', () => {
  it('an item whose current signing key is revoked (nothing signs) scores low', () => {
    const item = endpoint();
    const revoked = revokeSigningKey(item, listSigningKeys(item, t0)[0]!.id, 'leaked', at(1));
    expect(healthScore(revoked, { now: at(2) }).score).toBeLessThan(60);
  });
});

describe('key schedule', () => {
  it('a key version made "in the future" (as a server could serve it on first take) is due, not never', () => {
    const record = { v: 1 as const, vaultId: '00000000-0000-4000-8000-000000000001', current: 1, keys: [{ version: 1, wrappedKey: 'AAAA', createdAt: '9999-01-01T00:00:00.000Z' }] };
    const dueLater = [new Date('2027-01-01T00:00:00Z'), new Date('2035-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')].map((now) => keySchedule(record, 1, now).due);
    expect(dueLater).toEqual([true, true, true]);
  });
});

describe('verify cost', () => {
  it('verification makes one MAC per live key, not one per key and signature', async () => {
    let item = endpoint('whsec_k0');
    for (let i = 1; i <= 19; i++) item = rotateValue(item, `whsec_k${i}`, { now: at(i / 100), overlapHours: 720 });
    const now = at(1);
    const keys = liveVerificationKeys(item, now);
    const payload = 'x'.repeat(1_000_000);
    const ts = Math.floor(now.getTime() / 1000);
    const header = `t=${ts},` + Array.from({ length: 16 }, (_, i) => `v1=${i.toString(16).padStart(64, 'a')}`).join(',');
    const spy = vi.spyOn(crypto.subtle, 'sign');
    const verdict = await verifyWebhookWithKeys(keys, payload, header, { now });
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    expect(verdict).toEqual({ ok: false, reason: 'mismatch' });
    expect(calls).toBeLessThanOrEqual(keys.length);
  });
});

describe('merge with a client that knows no set', () => {
  it("the key a new client just rotated to (and handed out) keeps verifying when an older client's rotation wins", async () => {
    const base = endpoint('whsec_base');
    // Device B (this version) rotates: whsec_b is handed out to the senders at once.
    const b = rotateValue(base, 'whsec_b', { now: at(1), overlapHours: 24 });
    // Device A runs a version from before sets: it rotates the value and writes `signing` back untouched.
    const a = { ...base, value: 'whsec_a', history: [...base.history, { value: 'whsec_base', retiredAt: at(2).toISOString(), reason: 'rotated' }], lastRotatedAt: at(2).toISOString(), updatedAt: at(2).toISOString() };
    const { payload } = mergePayloads(base, b, a, at(3));
    expect(payload.value).toBe('whsec_a');
    // docs/crypto.md §14: "any other key still current on one side is retired with the default window,
    // so a key one device already handed out is not cut off by the other device's rotation".
    expect((await verifiesWith('whsec_b', payload, at(3))).ok).toBe(true);
  });
});
