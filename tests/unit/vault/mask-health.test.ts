import { describe, expect, it } from 'vitest';
import { createItem, editItem, itemHealth, maskValue, revokeItem, rotateValue, vaultHealth } from '../../../shared/index.js';

describe('maskValue', () => {
  it('shows 4 + 4 characters of a typical key', () => {
    expect(maskValue('sk-proj-abcdefghijklmnopqrstuvwxyza1B2')).toBe('sk-p…a1B2');
  });

  it('never shows more than 4 + 4, and less of shorter values', () => {
    for (let length = 12; length < 200; length++) {
      const value = 'x'.repeat(length);
      const shown = maskValue(value).replace('…', '');
      expect(shown.length).toBeLessThanOrEqual(8);
      expect(shown.length).toBeLessThanOrEqual(Math.floor(length / 3));
    }
    expect(maskValue('abcdefghijkl')).toBe('ab…kl');
  });

  it('shows nothing of values shorter than 12 characters', () => {
    for (const value of ['', 'a', 'hunter2', 'abcdefghijk']) expect(maskValue(value)).toBe('••••••••');
  });

  it('does not split a character made of two UTF-16 units', () => {
    // 20 code points: 3 on each side, counted in characters, not UTF-16 units.
    expect(maskValue('🔑🔑abcdefghijklmnop🔐🔐')).toBe('🔑🔑a…p🔐🔐');
  });
});

describe('health', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const day = 86_400_000;
  const at = (days: number) => new Date(created.getTime() + days * day);
  const item = createItem({ name: 'GitHub', value: 'ghp_aaaaaaaaaaaaaaaaaaaa', rotation: { everyDays: 90 }, expiresAt: at(120).toISOString() }, created);

  it('flags overdue once the rotation period has passed since creation or the last rotation', () => {
    expect(itemHealth(item, at(89)).flags).toEqual([]);
    expect(itemHealth(item, at(90)).flags).toEqual(['overdue']);
    const rotated = rotateValue(item, 'ghp_bbbbbbbbbbbbbbbbbbbb', { now: at(80) });
    expect(itemHealth(rotated, at(100)).flags).toEqual([]);
    expect(itemHealth(rotated, at(100)).rotationDueAt).toEqual(at(170));
  });

  it('flags expiring within 14 days and expired after', () => {
    const noPolicy = editItem(item, { rotation: null }, created);
    expect(itemHealth(noPolicy, at(105)).flags).toEqual([]);
    expect(itemHealth(noPolicy, at(106)).flags).toEqual(['expiring']);
    expect(itemHealth(noPolicy, at(120)).flags).toEqual(['expired']);
  });

  it('flags revoked, and does not ask a revoked key to rotate', () => {
    expect(itemHealth(revokeItem(item, 'leaked', at(1)), at(200)).flags).toEqual(['revoked', 'expired']);
  });

  it('flags the same value stored in two items, and only those', async () => {
    const a = createItem({ name: 'A', value: 'same-value-in-two-places' }, created);
    const b = createItem({ name: 'B', value: 'same-value-in-two-places' }, created);
    const c = createItem({ name: 'C', value: 'a-different-value-entirely' }, created);
    const health = await vaultHealth([{ id: 'a', payload: a }, { id: 'b', payload: b }, { id: 'c', payload: c }], at(1));
    expect(health.get('a')!.flags).toEqual(['duplicate']);
    expect(health.get('b')!.flags).toEqual(['duplicate']);
    expect(health.get('c')!.flags).toEqual([]);
  });
});
