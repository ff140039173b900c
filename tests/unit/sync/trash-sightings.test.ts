/**
 * The purge's own clock (shared/sync/trash-sightings.ts, decision 118): a key is deleted for good 30 days
 * after this device first saw it in the Trash, whatever its sealed `trashedAt` says — a writer who
 * backdates a move, or a device whose clock is far off, cannot make another device purge on sight.
 */
import { describe, expect, it } from 'vitest';
import { createItem, memorySightings, purgeDueTrash, readSightings, sightTrash, trashItem, type IndexedItem, type ItemPayload, type PurgeEngine, type TrashSightings } from '../../../shared/index.js';

const DAY = 86_400_000;
const t0 = new Date('2026-12-08T01:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);
const live = () => createItem({ name: 'STRIPE_PROD', value: 'sk_live_abcdefghijklmnopqrstuvwx', provider: 'stripe' }, at(-200));

/** One item's engine: what a purge would delete and audit. */
function engineOf(payload: ItemPayload) {
  const sent: string[] = [];
  const engine: PurgeEngine = {
    update: async (_vault, _item, make) => {
      const after = make(payload);
      sent.push(after === null ? 'delete' : 'update');
      return { before: payload, after } as Awaited<ReturnType<PurgeEngine['update']>>;
    },
    recordAudit: async (_vault, action) => void sent.push(action),
  };
  return { engine, sent };
}

function store() {
  const held = new Map<string, unknown>();
  return { held, sightings: memorySightings({ get: (v) => held.get(v), set: (v, seen) => void held.set(v, seen) }) };
}

const indexed = (payload: ItemPayload, itemId = 'item-1'): IndexedItem => ({ itemId, facts: { trashedAt: payload.trashedAt ?? null } as IndexedItem['facts'] });

describe('the purge counts from its own first sight of a key in the Trash', () => {
  it('a move backdated by years is not purged on sight, only 30 days after this device first saw it', async () => {
    const backdated: ItemPayload = { ...live(), trashedAt: '2001-01-01T00:00:00.000Z' };
    const { engine, sent } = engineOf(backdated);
    const { held, sightings } = store();
    expect(await purgeDueTrash(engine, 'vault', [indexed(backdated)], t0, sightings)).toBe(0);
    expect(held.get('vault')).toEqual({ 'item-1': t0.toISOString() });
    expect(await purgeDueTrash(engine, 'vault', [indexed(backdated)], at(29.9), sightings)).toBe(0);
    expect(sent).toEqual([]);
    expect(await purgeDueTrash(engine, 'vault', [indexed(backdated)], at(30), sightings)).toBe(1);
    expect(sent).toEqual(['delete', 'item.delete']);
  });

  it('a device whose clock runs a month ahead does not purge a key moved a minute ago', async () => {
    const fresh = trashItem(live(), t0);
    const { engine, sent } = engineOf(fresh);
    const { sightings } = store();
    expect(await purgeDueTrash(engine, 'vault', [indexed(fresh)], at(31), sightings)).toBe(0);
    expect(sent).toEqual([]);
  });

  it('keeps the first sight while the key stays in the Trash, forgets it once the key is out, and takes junk or a sight ahead of the clock for none', async () => {
    const a = trashItem(live(), t0);
    const { held, sightings } = store();
    await sightTrash(sightings, 'vault', [indexed(a, 'a'), indexed(a, 'b')], t0);
    await sightTrash(sightings, 'vault', [indexed(a, 'a'), indexed(a, 'b')], at(5));
    expect(held.get('vault')).toEqual({ a: t0.toISOString(), b: t0.toISOString() });
    await sightTrash(sightings, 'vault', [indexed(a, 'a')], at(6));
    expect(held.get('vault')).toEqual({ a: t0.toISOString() });

    held.set('vault', { a: at(50).toISOString(), c: 'not a time', d: 7 } as unknown as TrashSightings);
    expect(await sightTrash(sightings, 'vault', [indexed(a, 'a'), indexed(a, 'c')], at(7))).toEqual({ a: at(7).toISOString(), c: at(7).toISOString() });
    expect(readSightings('junk')).toEqual({});
    expect(readSightings(['x'])).toEqual({});
  });
});
