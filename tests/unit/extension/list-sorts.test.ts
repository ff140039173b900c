/**
 * The orders added with favourites (#17): names in natural order whatever their case (key_5 before
 * key_129), expiring soonest first (expired first of all, keys that never expire last, ties by name), and
 * favourites first in every order, marked on the rows sent, recomputed when the stars change.
 */
import { describe, expect, it } from 'vitest';
import { compareNames } from '../../../shared/index.js';
import { favouriteKey, queryRows, sortedRows, type AllRows } from '../../../extension/background/list-rows.js';
import { listRequestSchema, type ListQuery } from '../../../extension/messages/list-protocol.js';
import { summaryRow } from '../../support/summary-row.js';

const rows = [
  summaryRow('key_129', 'stripe', { expiresAt: '2027-01-01T00:00:00.000Z' }),
  summaryRow('Key_5', 'openai', { expiresAt: null }),
  summaryRow('KEY_20', '', { expiresAt: '2026-12-10T00:00:00.000Z' }),
  summaryRow('old', 'github', { expiresAt: '2026-01-01T00:00:00.000Z' }),
  summaryRow('never', 'github', { expiresAt: null }),
];
const all: AllRows = { unreadable: 0, trashed: new Set(), items: [...rows].sort((a, b) => compareNames(a.name, b.name)) };
const query = (q: Partial<ListQuery>): ListQuery => listRequestSchema.parse({ type: 'list', ...q });

describe('natural names', () => {
  it('orders numbers by value and ignores case', () => {
    expect(all.items.map((i) => i.name)).toEqual(['Key_5', 'KEY_20', 'key_129', 'never', 'old']);
  });
});

describe('expiring soonest', () => {
  it('puts the expired key first, then the soonest, and keys that never expire last in name order', () => {
    expect(sortedRows(all, 'expiring').map((i) => i.name)).toEqual(['old', 'KEY_20', 'key_129', 'Key_5', 'never']);
  });

  it('takes an unreadable date for no date', () => {
    const odd: AllRows = { unreadable: 0, trashed: new Set(), items: [summaryRow('a', '', { expiresAt: 'not a date' }), summaryRow('b', '', { expiresAt: '2026-01-01T00:00:00.000Z' })] };
    expect(sortedRows(odd, 'expiring').map((i) => i.name)).toEqual(['b', 'a']);
  });
});

describe('favourites first', () => {
  const starred = new Set([favouriteKey(rows[4]!), favouriteKey(rows[0]!)]);

  it('comes first in each order, each part in that order, and is marked on the rows sent only', () => {
    const answer = queryRows(all, query({}), starred);
    expect(answer.items.map((i) => `${i.name}${i.favourite ? ' ★' : ''}`)).toEqual(['key_129 ★', 'never ★', 'Key_5', 'KEY_20', 'old']);
    expect(queryRows(all, query({ sort: 'expiring' }), starred).items.map((i) => i.name)).toEqual(['key_129', 'never', 'old', 'KEY_20', 'Key_5']);
    expect(all.items.some((i) => i.favourite)).toBe(false);
  });

  it('is sorted again when the stars change, and not while they stay', () => {
    const first = sortedRows(all, 'provider', starred);
    expect(sortedRows(all, 'provider', starred)).toBe(first);
    const fewer = new Set([favouriteKey(rows[0]!)]);
    expect(sortedRows(all, 'provider', fewer).map((i) => i.name)).toEqual(['key_129', 'never', 'old', 'Key_5', 'KEY_20']);
  });
});
