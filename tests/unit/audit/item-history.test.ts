/**
 * Each item's writes must follow one another in the chain (shared/audit/item-history.ts): the honest
 * histories pass, and every way of splicing in a second version, skipping or contradicting fails at
 * the record that does it, keeping what came before.
 */
import { describe, expect, it } from 'vitest';
import { followItemHistory, type AuditRecord, type HistoryStart } from '../../../shared/index.js';

const H = (c: string) => c.repeat(43);
const ITEM = '11111111-1111-4111-8111-111111111111';
const EMPTY: HistoryStart = { proofs: new Map(), upgraded: false };

type Write = { rev: number; hash: string | null; prev: string | null };
function record(seq: number, action: 'item.write' | 'item.baseline' | 'vault.upgrade' | 'item.reveal', write?: Write): AuditRecord {
  return {
    seq,
    prev: H('A'),
    entry: {
      v: 2,
      vault: '22222222-2222-4222-8222-222222222222',
      id: `entry-${seq}`,
      seen: { seq: 0, hash: H('A') },
      ts: seq,
      device: '33333333-3333-4333-8333-333333333333',
      actor: '44444444-4444-4444-8444-444444444444',
      action,
      item: action === 'vault.upgrade' ? null : ITEM,
      write: write ? { ...write, deleted: write.hash === null } : null,
      detail: null,
      kv: null,
      sig: 'S'.repeat(86),
    },
  };
}
const chain = (...steps: [AuditRecord['entry']['action'], Write?][]) => steps.map(([action, write], i) => record(i + 1, action as never, write));

describe('an item history', () => {
  it('follows from a baseline through the upgrade, edits, a delete and a re-create', () => {
    const result = followItemHistory(
      chain(
        ['item.baseline', { rev: 4, hash: H('b'), prev: null }],
        ['item.baseline', { rev: 4, hash: H('b'), prev: null }], // a second upgrading device, the same fact
        ['vault.upgrade'],
        ['item.reveal'],
        ['item.write', { rev: 5, hash: H('c'), prev: H('b') }],
        ['item.write', { rev: 6, hash: null, prev: H('c') }],
        ['item.write', { rev: 7, hash: H('d'), prev: null }],
      ),
      EMPTY,
    );
    expect(result).toEqual({ ok: true, upgraded: true, proofs: new Map([[ITEM, { rev: 7, hash: H('d'), deleted: false, seq: 7 }]]) });
  });

  it('lets revisions skip before the upgrade (clients from before v2 wrote without records), never go back', () => {
    expect(followItemHistory(chain(['item.write', { rev: 1, hash: H('a'), prev: null }], ['item.write', { rev: 3, hash: H('c'), prev: H('x') }]), EMPTY).ok).toBe(true);
    expect(followItemHistory(chain(['item.write', { rev: 3, hash: H('a'), prev: null }], ['item.write', { rev: 3, hash: H('c'), prev: H('x') }]), EMPTY)).toMatchObject({ ok: false, seq: 2 });
  });

  const breaks: [string, ReturnType<typeof chain>, string][] = [
    ['a second version of a revision', chain(['vault.upgrade'], ['item.write', { rev: 1, hash: H('a'), prev: null }], ['item.write', { rev: 1, hash: H('z'), prev: null }]), 'second version of revision 1'],
    ['a write that replaces a state that never was', chain(['vault.upgrade'], ['item.write', { rev: 1, hash: H('a'), prev: null }], ['item.write', { rev: 2, hash: H('b'), prev: H('z') }]), 'replaces another state'],
    ['a skipped revision after the upgrade', chain(['vault.upgrade'], ['item.write', { rev: 1, hash: H('a'), prev: null }], ['item.write', { rev: 3, hash: H('c'), prev: H('a') }]), 'skips from revision 1 to 3'],
    ['a first write that is not revision 1', chain(['vault.upgrade'], ['item.write', { rev: 2, hash: H('a'), prev: null }]), 'skips from revision 0 to 2'],
    ['a baseline after the upgrade', chain(['vault.upgrade'], ['item.baseline', { rev: 1, hash: H('a'), prev: null }]), 'after the vault'],
    ['a baseline that contradicts', chain(['item.write', { rev: 2, hash: H('a'), prev: null }], ['item.baseline', { rev: 2, hash: H('z'), prev: null }]), 'contradicts'],
    ['a delete that names a blob', chain(['item.write', { rev: 1, hash: H('a'), prev: null }]).map((r) => ({ ...r, entry: { ...r.entry, write: { ...r.entry.write!, deleted: true } } })), 'exactly when'],
    ['another entry naming a write', chain(['item.reveal', { rev: 1, hash: H('a'), prev: null }]), 'names an item write'],
  ];
  it.each(breaks)('breaks at %s, keeping the records before it', (_, records, message) => {
    const result = followItemHistory(records, EMPTY);
    expect(result).toMatchObject({ ok: false, seq: records.length, message: expect.stringContaining(message) });
    const before = followItemHistory(records.slice(0, -1), EMPTY);
    expect(result.proofs).toEqual(before.proofs);
  });

  it('continues from stored proofs, and takes again a record it already took (its own push, a check cut off)', () => {
    const start: HistoryStart = { proofs: new Map([[ITEM, { rev: 2, hash: H('b'), deleted: false, seq: 5 }]]), upgraded: true };
    const records = [record(4, 'item.write', { rev: 1, hash: H('a'), prev: null }), record(5, 'item.write', { rev: 2, hash: H('b'), prev: H('a') }), record(6, 'item.write', { rev: 3, hash: H('c'), prev: H('b') })];
    expect(followItemHistory(records, start)).toMatchObject({ ok: true, proofs: new Map([[ITEM, { rev: 3, hash: H('c'), deleted: false, seq: 6 }]]) });
    // Another record in the place of the one the proof came from, or the same revision before it: refused.
    expect(followItemHistory([record(5, 'item.write', { rev: 2, hash: H('z'), prev: H('a') })], start)).toMatchObject({ ok: false, seq: 5 });
    expect(followItemHistory([record(3, 'item.write', { rev: 2, hash: H('z'), prev: H('a') })], start)).toMatchObject({ ok: false, seq: 3 });
  });
});
