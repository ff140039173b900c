/**
 * The fields an edit changed (shared/vault/item-diff.ts), which an `item.edit` audit entry records by
 * name: only those whose values differ, whatever the form sent back, with arrays and objects compared
 * by content and never the value, status, history or timestamps.
 */
import { describe, expect, it } from 'vitest';
import { changedFields, createItem, editItem, revokeItem, rotateValue } from '../../../shared/index.js';

const now = new Date('2026-03-01T00:00:00Z');
const later = new Date('2026-03-02T00:00:00Z');
const item = createItem({ name: 'Stripe live', value: 'sk_live_1', provider: 'stripe', environment: 'staging', tags: ['billing'], rotation: { everyDays: 90 } }, now);

describe('changedFields', () => {
  it('names the fields whose values changed, in the order of the key page', () => {
    const next = editItem(item, { tags: ['billing', 'eu'], environment: 'production' }, later);
    expect(changedFields(item, next)).toEqual(['environment', 'tags']);
  });

  it('ignores fields sent back unchanged, as the edit form does with all of them', () => {
    const { name, type, provider, kind, environment, tags, url, expiresAt } = item;
    const next = editItem(item, { name, type, provider, kind, environment, tags: [...tags], url, notes: 'rotate via dashboard', expiresAt, rotation: { everyDays: 90 } }, later);
    expect(changedFields(item, next)).toEqual(['notes']);
    expect(changedFields(item, editItem(item, { name, tags }, later))).toEqual([]);
  });

  it('sees a rename, an expiry set and a rotation policy removed', () => {
    const next = editItem(item, { name: 'Stripe EU', expiresAt: '2027-01-01T00:00:00.000Z', rotation: null }, later);
    expect(changedFields(item, next)).toEqual(['name', 'expiresAt', 'rotation']);
  });

  it('does not count a rotation or a revocation as an edit of any field', () => {
    const rotated = rotateValue(item, 'sk_live_2', { reason: 'quarterly', now: later });
    expect(changedFields(item, rotated)).toEqual([]);
    expect(changedFields(item, revokeItem(item, 'leaked', later))).toEqual([]);
  });
});
