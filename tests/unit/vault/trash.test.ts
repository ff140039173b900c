/**
 * The Trash's rules (shared/vault/trash.ts, decision 118): 30 days by this device's clock from the later
 * of the sealed `trashedAt` and this device's first sight of the key in the Trash, a time in the future
 * counted as now, restore as the same payload without the
 * field, and the merge of two devices' moves (shared/sync/merge.ts).
 */
import { describe, expect, it } from 'vitest';
import { createItem, itemPayloadSchema, mergePayloads, purgeDue, restoreItem, rotateValue, trashDaysLeft, trashedSince, trashItem, TRASH_DAYS } from '../../../shared/index.js';

const DAY = 86_400_000;
const t0 = new Date('2026-11-01T10:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);
const key = () => rotateValue(createItem({ name: 'OpenAI prod', value: 'sk-proj-first', provider: 'openai', rotation: { everyDays: 90 } }, at(-100)), 'sk-proj-second', { reason: 'scheduled', now: at(-50) });

describe('the Trash', () => {
  it('keeps a key 30 days from its move (seen here when it was moved), counting whole days down, and makes it due on the 30th day exactly', () => {
    const trashed = trashItem(key(), t0);
    const seen = t0.toISOString();
    expect(trashed.trashedAt).toBe(t0.toISOString());
    expect(itemPayloadSchema.parse(trashed)).toEqual(trashed); // the field is part of the sealed payload
    expect(trashDaysLeft(trashed, t0, seen)).toBe(TRASH_DAYS);
    expect(trashDaysLeft(trashed, at(0.5), seen)).toBe(30);
    expect(trashDaysLeft(trashed, at(1), seen)).toBe(29);
    expect(trashDaysLeft(trashed, at(29.9), seen)).toBe(1);
    expect(purgeDue(trashed, new Date(at(30).getTime() - 1), seen)).toBe(false);
    expect(purgeDue(trashed, at(30), seen)).toBe(true);
    expect(trashDaysLeft(trashed, at(45), seen)).toBe(0);
  });

  it('counts a trashedAt in the future (a clock ahead, or a hostile writer) as now: never due early, never negative', () => {
    const fromTheFuture = { ...key(), trashedAt: at(400).toISOString() };
    const seen = t0.toISOString();
    expect(trashedSince(fromTheFuture, t0)).toEqual(t0);
    expect(trashDaysLeft(fromTheFuture, t0, seen)).toBe(30);
    expect(purgeDue(fromTheFuture, at(31), seen)).toBe(false);
    // Once this device's clock passes the written time, the 30 days run from it.
    expect(purgeDue(fromTheFuture, at(429), seen)).toBe(false);
    expect(purgeDue(fromTheFuture, at(430), seen)).toBe(true);
  });

  it('does not believe a trashedAt in the past either: 30 days from when this device first saw the key in the Trash, never on sight', () => {
    // A writer backdated the move (or its clock is a year slow): this device sees it in the Trash today.
    const backdated = { ...key(), trashedAt: at(-365).toISOString() };
    expect(purgeDue(backdated, t0)).toBe(false); // not seen before: seen now
    expect(trashDaysLeft(backdated, t0)).toBe(30);
    expect(purgeDue(backdated, at(29), t0.toISOString())).toBe(false);
    expect(trashDaysLeft(backdated, at(29), t0.toISOString())).toBe(1);
    expect(purgeDue(backdated, at(30), t0.toISOString())).toBe(true);
    // A sighting ahead of this clock (a clock set back since) counts as now.
    expect(purgeDue(backdated, at(40), at(100).toISOString())).toBe(false);
  });

  it('a key not in the Trash is never due; facts carry null where payloads leave the field out', () => {
    const longAgo = at(-60).toISOString();
    expect(purgeDue(key(), at(1_000), longAgo)).toBe(false);
    expect(purgeDue({ trashedAt: null }, at(1_000), longAgo)).toBe(false);
    expect(purgeDue({ trashedAt: at(-31).toISOString() }, t0, longAgo)).toBe(true);
  });

  it('restores the same payload without trashedAt: value, history and rotation state untouched', () => {
    const before = key();
    const restored = restoreItem(trashItem(before, t0), at(2));
    expect('trashedAt' in restored).toBe(false);
    expect(restored).toEqual({ ...before, updatedAt: at(2).toISOString() });
    expect(() => restoreItem(before, t0)).toThrow(/not in the Trash/);
    expect(() => trashItem(trashItem(before, t0), t0)).toThrow(/already in the Trash/);
  });

  it('merges two devices: a move meets an edit (both kept), and two moves keep the earlier time', () => {
    const base = key();
    const edited = { ...base, environment: 'production', updatedAt: at(1).toISOString() };
    const moved = trashItem(base, at(2));
    const merged = mergePayloads(base, edited, moved, at(3));
    expect(merged.conflicts).toEqual([]);
    expect(merged.payload).toMatchObject({ environment: 'production', trashedAt: at(2).toISOString() });

    const early = trashItem(base, at(1));
    const late = trashItem(base, at(5));
    expect(mergePayloads(base, late, early, at(6)).payload.trashedAt).toBe(at(1).toISOString());
    expect(mergePayloads(base, early, late, at(6)).payload.notes).toBe(base.notes); // no conflict note for it
  });
});
