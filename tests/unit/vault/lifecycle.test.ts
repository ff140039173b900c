import { describe, expect, it } from 'vitest';
import { createItem, deleteItem, editItem, reactivateItem, revokeItem, rotateValue, type ItemPatch } from '../../../shared/index.js';
import { expectVaultError } from '../../support/errors.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-02-01T00:00:00Z');
const t2 = new Date('2026-03-01T00:00:00Z');
const base = () => createItem({ name: 'Stripe live', provider: 'stripe', kind: 'secret', value: 'sk_live_first_value_123', tags: ['billing'] }, t0);

describe('item lifecycle', () => {
  it('creates an active item with defaults and timestamps', () => {
    const item = base();
    expect(item).toMatchObject({ type: 'api-key', name: 'Stripe live', environment: '', status: { state: 'active' }, history: [] });
    expect(item.createdAt).toBe(t0.toISOString());
    expect(item.updatedAt).toBe(t0.toISOString());
  });

  it('refuses an item without a name, naming the field', async () => {
    const error = await expectVaultError(() => createItem({ name: '  ', value: 'x' }, t0), 'invalid-item');
    expect(error.message).toContain('"name"');
  });

  it('edits fields but not the value, status or history', async () => {
    const edited = editItem(base(), { environment: 'production', tags: ['billing', 'payments'] }, t1);
    expect(edited).toMatchObject({ environment: 'production', tags: ['billing', 'payments'], value: 'sk_live_first_value_123' });
    expect(edited.updatedAt).toBe(t1.toISOString());
    // Fields the patch does not mention are left exactly as they were.
    const withExpiry = editItem(base(), { expiresAt: t2.toISOString(), notes: 'billing key' }, t1);
    expect(editItem(withExpiry, { kind: 'restricted' }, t2)).toMatchObject({ expiresAt: t2.toISOString(), notes: 'billing key', tags: ['billing'] });
    await expectVaultError(() => editItem(base(), { value: 'sneaky' } as ItemPatch, t1), 'invalid-item');
    await expectVaultError(() => editItem(base(), { history: [] } as ItemPatch, t1), 'invalid-item');
  });

  it('rotates: the old value moves to history with time and reason, and the rotation clock restarts', () => {
    const rotated = rotateValue(base(), 'sk_live_second_value_456', { reason: 'scheduled', now: t1 });
    expect(rotated.value).toBe('sk_live_second_value_456');
    expect(rotated.history).toEqual([{ value: 'sk_live_first_value_123', retiredAt: t1.toISOString(), reason: 'scheduled' }]);
    expect(rotated.lastRotatedAt).toBe(t1.toISOString());
    const again = rotateValue(rotated, 'sk_live_third_value_789', { now: t2 });
    expect(again.history.map((h) => h.value)).toEqual(['sk_live_first_value_123', 'sk_live_second_value_456']);
    expect(again.history[1]!.reason).toBe('rotated');
  });

  it('refuses a rotation to the same or an empty value', async () => {
    await expectVaultError(() => rotateValue(base(), 'sk_live_first_value_123', { now: t1 }), 'invalid-input');
    await expectVaultError(() => rotateValue(base(), '', { now: t1 }), 'invalid-input');
  });

  it('revokes with a reason and reactivates', async () => {
    const revoked = revokeItem(base(), '  leaked in CI logs ', t1);
    expect(revoked.status).toEqual({ state: 'revoked', reason: 'leaked in CI logs', at: t1.toISOString() });
    await expectVaultError(() => revokeItem(revoked, 'again', t2), 'invalid-state');
    await expectVaultError(() => revokeItem(base(), ' ', t1), 'invalid-input');
    const back = reactivateItem(revoked, t2);
    expect(back.status).toEqual({ state: 'active' });
    expect(back.value).toBe('sk_live_first_value_123');
    await expectVaultError(() => reactivateItem(back, t2), 'invalid-state');
  });

  it('deletes into a tombstone', () => {
    expect(deleteItem(t2)).toEqual({ deleted: true, deletedAt: t2.toISOString() });
  });

  it('keeps fields written by a newer client when an older one edits the item', () => {
    const fromNewer = { ...base(), favourite: true };
    expect(editItem(fromNewer, { notes: 'hi' }, t1)).toMatchObject({ favourite: true, notes: 'hi' });
  });
});
