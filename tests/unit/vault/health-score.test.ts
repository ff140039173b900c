import { describe, expect, it } from 'vitest';
import { createItem, healthScore, importTagKey, itemFacts, LOW_HEALTH, needsCare, revokeItem, rotateValue, vaultHealthScores } from '../../../shared/index.js';

const DAY = 86_400_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const after = (days: number) => new Date(t0.getTime() + days * DAY);
const key = (over: Parameters<typeof createItem>[0] extends infer D ? Partial<D & object> : never = {}) => createItem({ name: 'OpenAI', value: 'sk-proj-one', ...over }, t0);

describe('health score', () => {
  it('is 100 for a fresh key with a policy, and says nothing', () => {
    expect(healthScore(key({ rotation: { everyDays: 90 } }), { now: after(10) })).toEqual({ score: 100, reasons: [] });
  });

  it('falls as rotation comes due, more once overdue, most a whole period late', () => {
    const item = key({ rotation: { everyDays: 80 } });
    const at = (d: number) => healthScore(item, { now: after(d) });
    expect(at(70).score).toBeGreaterThan(at(79).score);
    expect(at(70).reasons[0]).toMatchObject({ code: 'due-soon' });
    expect(at(81)).toMatchObject({ score: 60, reasons: [{ code: 'overdue', message: 'rotation overdue by 1 day(s) (every 80 days)' }] });
    expect(at(200).score).toBe(40);
    expect(needsCare(item, at(81))).toBe(true);
    // Rotating restarts the clock.
    expect(healthScore(rotateValue(item, 'sk-proj-two', { now: after(81) }), { now: after(82) }).score).toBe(100);
  });

  it('counts expiry, age without a policy, duplicates, exposure and leaks, worst reason first', () => {
    const item = key({ expiresAt: after(20).toISOString() });
    expect(healthScore(item, { now: after(13) }).reasons).toEqual([expect.objectContaining({ code: 'expiring', message: 'expires in 7 day(s)' })]);
    expect(healthScore(item, { now: after(21) })).toMatchObject({ score: 40, reasons: [{ code: 'expired', message: 'expired 1 day(s) ago' }] });
    const old = healthScore(key(), { now: after(400), duplicates: 1, exposedTo: ['bob@example.com'], leakedAt: after(399).toISOString() });
    expect(old.reasons.map((r) => r.code)).toEqual(['leaked', 'exposed', 'duplicate', 'old-without-policy']);
    expect(old.score).toBe(0);
    expect(old.reasons[1]!.message).toBe('readable by bob@example.com, who left: rotate it at the provider');
  });

  it('scores a revoked key 0 without asking anything of it', () => {
    const revoked = revokeItem(key({ rotation: { everyDays: 1 } }), 'leaked', after(1));
    const health = healthScore(revoked, { now: after(100) });
    expect(health).toEqual({ score: 0, reasons: [{ code: 'revoked', penalty: 100, message: 'revoked: leaked' }] });
    expect(needsCare(revoked, health)).toBe(false);
  });

  it('finds duplicates across a vault by keyed value tag, and only there', async () => {
    const tagKey = await importTagKey(crypto.getRandomValues(new Uint8Array(32)));
    const payloads = { a: key(), b: key({ name: 'Copy' }), c: key({ name: 'Other', value: 'sk-proj-two' }) };
    const items = await Promise.all(Object.entries(payloads).map(async ([itemId, payload]) => ({ itemId, facts: await itemFacts(payload, tagKey) })));
    const scores = vaultHealthScores(items, { now: after(1), exposure: new Map([['c', ['eve@example.com']]]) });
    expect([...scores.values()].map((s) => s.score)).toEqual([80, 80, 50]);
    expect(scores.get('c')!.score).toBeLessThan(LOW_HEALTH);
  });
});
