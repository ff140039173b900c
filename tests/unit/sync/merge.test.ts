import { describe, expect, it } from 'vitest';
import { createItem, editItem, mergePayloads, revokeItem, rotateValue } from '../../../shared/index.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 12, minutes));
const base = createItem({ name: 'Stripe', provider: 'stripe', value: 'sk_live_base_0000', tags: ['billing', 'old'], notes: 'main key' }, t(0));

describe('three-way merge', () => {
  it('takes each side’s change when they touched different fields', () => {
    const ours = editItem(base, { environment: 'production' }, t(1));
    const theirs = editItem(base, { url: 'https://dashboard.stripe.com' }, t(2));
    const { payload, conflicts } = mergePayloads(base, ours, theirs, t(3));
    expect(conflicts).toEqual([]);
    expect(payload).toMatchObject({ environment: 'production', url: 'https://dashboard.stripe.com', value: 'sk_live_base_0000' });
  });

  it('keeps both values when both devices rotated: the later one is current, the other is in history', () => {
    const ours = rotateValue(base, 'sk_live_ours_1111', { now: t(1) });
    const theirs = rotateValue(base, 'sk_live_theirs_2222', { now: t(2) });
    const { payload, conflicts } = mergePayloads(base, ours, theirs, t(3));
    expect(conflicts).toEqual(['value']);
    expect(payload.value).toBe('sk_live_theirs_2222');
    const historic = payload.history.map((h) => h.value);
    expect(historic).toContain('sk_live_base_0000');
    expect(historic).toContain('sk_live_ours_1111');
    expect(payload.history.find((h) => h.value === 'sk_live_ours_1111')!.reason).toMatch(/^conflict/);
  });

  it('keeps both texts when both edited the notes, and notes the losing value of any other field', () => {
    const ours = editItem(base, { notes: 'rotated by Ana', name: 'Stripe live' }, t(2));
    const theirs = editItem(base, { notes: 'owner: billing team', name: 'Stripe (prod)' }, t(1));
    const { payload, conflicts } = mergePayloads(base, ours, theirs, t(3));
    expect(conflicts.sort()).toEqual(['name', 'notes']);
    expect(payload.name).toBe('Stripe live');
    expect(payload.notes).toContain('rotated by Ana');
    expect(payload.notes).toContain('owner: billing team');
    expect(payload.notes).toContain('name was also set to "Stripe (prod)"');
  });

  it('merges tags as sets: additions from both sides, removals from either', () => {
    const ours = editItem(base, { tags: ['billing', 'payments'] }, t(1)); // removed "old", added "payments"
    const theirs = editItem(base, { tags: ['billing', 'old', 'prod'] }, t(2)); // added "prod"
    expect(mergePayloads(base, ours, theirs, t(3)).payload.tags.sort()).toEqual(['billing', 'payments', 'prod']);
  });

  it('lets a revocation win over a concurrent edit of the status, and says so', () => {
    const ours = revokeItem(base, 'leaked', t(1));
    const theirs = editItem({ ...base, status: { state: 'revoked', reason: 'x', at: t(0).toISOString() } }, {}, t(2));
    const reactivated = { ...theirs, status: { state: 'active' as const } };
    const { payload, conflicts } = mergePayloads({ ...base, status: { state: 'revoked', reason: 'x', at: t(0).toISOString() } }, ours, reactivated, t(3));
    expect(conflicts).toContain('status');
    expect(payload.status.state).toBe('revoked');
  });

  it('is the identity when nothing conflicts and both sides agree', () => {
    const same = editItem(base, { kind: 'secret' }, t(1));
    expect(mergePayloads(base, same, same, t(2)).payload).toMatchObject({ kind: 'secret', value: base.value });
  });
});
