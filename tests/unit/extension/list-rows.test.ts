/**
 * The list's order, made where the rows are (the worker), so that pages of a long list and the search
 * over it agree with what the Sort menu says: by name (natural order), most recently changed first, by
 * provider (keys without one last); ties in name order; "Needs attention" worst first by default.
 */
import { describe, expect, it } from 'vitest';
import { queryRows, sortedRows, type AllRows } from '../../../extension/background/list-rows.js';
import { listRequestSchema, type ListQuery } from '../../../extension/messages/list-protocol.js';
import type { ItemSummary } from '../../../extension/messages/protocol.js';
import { summaryRow } from '../../support/summary-row.js';

const row = (name: string, provider: string, updatedAt: string, extra: Partial<ItemSummary> = {}) => summaryRow(name, provider, { updatedAt, ...extra });

/** As allRows makes them: sorted by name. */
const all: AllRows = {
  trashed: new Set(),
  unreadable: 0,
  items: [
    row('KEY_2', 'stripe', '2026-03-01T00:00:00.000Z'),
    row('KEY_10', '', '2026-05-01T00:00:00.000Z'),
    row('Mail', 'resend', '2026-05-01T00:00:00.000Z', { needsAttention: true, healthScore: 40 }),
    row('OpenAI prod', 'openai', '2026-03-01T01:00:00+02:00', { vaultId: 'v2' }), // 2026-02-28T23:00Z: before KEY_2, though its text sorts after
    row('Stripe test', 'Stripe', '2026-04-01T00:00:00.000Z', { needsAttention: true, healthScore: 20 }),
  ].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' })),
};

const query = (q: Partial<ListQuery>): ListQuery => listRequestSchema.parse({ type: 'list', ...q });
const names = (q: Partial<ListQuery>) => queryRows(all, query(q)).items.map((i) => i.name);

describe('list order', () => {
  it('is by name, in natural order, unless told otherwise', () => {
    expect(query({}).sort).toBe('name');
    expect(names({})).toEqual(['KEY_2', 'KEY_10', 'Mail', 'OpenAI prod', 'Stripe test']);
  });

  it('puts the most recently changed first, ties in name order, whatever the offset written in the time', () => {
    expect(names({ sort: 'changed' })).toEqual(['KEY_10', 'Mail', 'Stripe test', 'KEY_2', 'OpenAI prod']);
  });

  it('groups by provider in natural order, case aside, keys without a provider last', () => {
    expect(names({ sort: 'provider' })).toEqual(['OpenAI prod', 'Mail', 'KEY_2', 'Stripe test', 'KEY_10']);
  });

  it('pages, searches, filters and scopes within the chosen order', () => {
    expect(queryRows(all, query({ sort: 'provider', offset: 1, limit: 2 }))).toMatchObject({ total: 5, offset: 1, items: [{ name: 'Mail' }, { name: 'KEY_2' }] });
    expect(names({ sort: 'changed', query: 'key' })).toEqual(['KEY_10', 'KEY_2']);
    expect(names({ sort: 'provider', vault: 'v1' })).toEqual(['Mail', 'KEY_2', 'Stripe test', 'KEY_10']);
  });

  it('lists "Needs attention" worst first by default, and in the chosen order when one is chosen', () => {
    const attention = { filters: { environment: '', status: '' as const, health: 'attention' as const } };
    expect(names(attention)).toEqual(['Stripe test', 'Mail']);
    expect(names({ ...attention, sort: 'provider' })).toEqual(['Mail', 'Stripe test']);
  });

  it('sorts a set of rows once per order, and never reorders the rows it was given', () => {
    const byProvider = sortedRows(all, 'provider');
    expect(sortedRows(all, 'provider')).toBe(byProvider);
    expect(sortedRows(all, 'name')).toBe(all.items);
    expect(all.items.map((i) => i.name)).toEqual(['KEY_2', 'KEY_10', 'Mail', 'OpenAI prod', 'Stripe test']);
  });

  it('refuses an order it does not know', () => {
    expect(listRequestSchema.safeParse({ type: 'list', sort: 'value' }).success).toBe(false);
  });
});
