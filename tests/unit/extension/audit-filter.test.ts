/**
 * The audit log's rows and filters as the worker makes them (extension/audit/rows.ts, filter.ts): keys
 * named by their name now, their last known name or "a deleted key"; text search over what a person
 * reads; menus for action, key, device, member; a date range that includes its last day.
 */
import { describe, expect, it } from 'vitest';
import { auditFacets, filterRows } from '../../../extension/audit/filter.js';
import { auditRows, DELETED_KEY, type RawEntry } from '../../../extension/audit/rows.js';
import { auditFilterSchema, type AuditFilter } from '../../../extension/messages/audit-protocol.js';

let n = 0;
function entry(action: string, item: string | null, detail: unknown, extra: Partial<RawEntry> = {}): RawEntry {
  n += 1;
  return { id: `e${n}`, seq: n, hash: `h${n}`, at: `2026-03-0${Math.min(n, 9)}T10:00:00.000Z`, action, item, device: 'browser', member: 'me@example.com', mine: true, trust: 'chained', proof: false, detail, ...extra };
}

const entries: RawEntry[] = [
  entry('item.create', 'k-openai', { name: 'OpenAI' }), // 03-01
  entry('item.edit', 'k-openai', { name: 'OpenAI prod', changed: ['name'], renamedFrom: 'OpenAI' }), // 03-02
  entry('item.create', 'k-stripe', { name: 'Stripe live' }), // 03-03
  entry('item.reveal', 'k-stripe', { name: 'Stripe live' }, { device: 'Firefox on Linux', member: 'ana@example.com', mine: false }), // 03-04
  entry('item.delete', 'k-stripe', { name: 'Stripe live' }), // 03-05
  entry('item.rotate', 'k-gone', { reason: 'quarterly rotation' }), // 03-06: a CLI entry names no key, and the key is gone
  entry('item.write', 'k-openai', null, { proof: true }), // 03-07
  entry('member.add', null, { email: 'josé@example.com', role: 'viewer' }, { device: 'Firefox on Linux', member: 'ana@example.com', mine: false }), // 03-08
  entry('item.reveal', 'k-openai', { unreadable: true }), // 03-09
];
const rows = auditRows(entries, new Map([['k-openai', 'OpenAI prod']]));
const filter = (f: Partial<AuditFilter>) => filterRows(rows, auditFilterSchema.parse(f)).map((r) => r.sentence);

describe('audit rows', () => {
  it('are newest first, each in words, keys named now, by their last known name, or as deleted', () => {
    expect(rows.map((r) => r.sentence)).toEqual([
      'Revealed OpenAI prod (its detail could not be decrypted)',
      'Invited josé@example.com as viewer',
      'Stored a change to OpenAI prod (sync record)',
      `Rotated ${DELETED_KEY}: quarterly rotation`,
      'Deleted Stripe live',
      'Revealed Stripe live',
      'Added Stripe live',
      'Changed OpenAI prod: name (was “OpenAI”)',
      'Added OpenAI prod',
    ]);
    expect(rows[0]).toMatchObject({ keyId: 'k-openai', keyName: 'OpenAI prod', seq: 9, hash: 'h9', trust: 'chained' });
    expect(rows[1]).toMatchObject({ keyId: null, keyName: null });
  });
});

describe('audit filters', () => {
  it('leave out the write records unless asked', () => {
    expect(filter({})).toHaveLength(8);
    expect(filter({ proofs: true })).toHaveLength(9);
  });

  it('search every word in the sentence, key name, device and member, ignoring case and accents', () => {
    expect(filter({ text: 'stripe' })).toEqual(['Deleted Stripe live', 'Revealed Stripe live', 'Added Stripe live']);
    expect(filter({ text: 'REVEALED stripe' })).toEqual(['Revealed Stripe live']);
    expect(filter({ text: 'firefox' })).toEqual(['Invited josé@example.com as viewer', 'Revealed Stripe live']);
    expect(filter({ text: 'ana@' })).toHaveLength(2);
    expect(filter({ text: 'jose' })).toEqual(['Invited josé@example.com as viewer']);
    expect(filter({ text: 'quarterly' })).toEqual([`Rotated ${DELETED_KEY}: quarterly rotation`]);
    expect(filter({ text: 'stripe nowhere' })).toEqual([]);
    expect(filter({ text: '   ' })).toHaveLength(8);
  });

  it('narrow by action, key, device and member', () => {
    expect(filter({ action: 'item.reveal' })).toEqual(['Revealed OpenAI prod (its detail could not be decrypted)', 'Revealed Stripe live']);
    expect(filter({ key: 'k-openai' })).toEqual(['Revealed OpenAI prod (its detail could not be decrypted)', 'Changed OpenAI prod: name (was “OpenAI”)', 'Added OpenAI prod']);
    expect(filter({ device: 'Firefox on Linux', action: 'item.reveal' })).toEqual(['Revealed Stripe live']);
    expect(filter({ member: 'ana@example.com' })).toHaveLength(2);
  });

  it('take a date range from its first instant up to, not including, its end', () => {
    expect(filter({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' })).toEqual(['Revealed Stripe live', 'Added Stripe live']);
    expect(filter({ from: '2026-03-04T10:00:00.000Z' })).toHaveLength(5);
    expect(filter({ to: '2026-03-02T10:00:00.000Z' })).toEqual(['Added OpenAI prod']);
  });

  it('offer menus from every row, write records only when they are shown', () => {
    const facets = auditFacets(rows, false);
    expect(facets.actions.map((a) => a.label)).toEqual(['Added', 'Changed', 'Deleted', 'Member invited', 'Revealed', 'Rotated']);
    expect(facets.keys).toEqual([
      { id: 'k-gone', name: DELETED_KEY },
      { id: 'k-openai', name: 'OpenAI prod' },
      { id: 'k-stripe', name: 'Stripe live' },
    ]);
    expect(facets.devices).toEqual(['browser', 'Firefox on Linux']);
    expect(facets.members).toEqual(['ana@example.com', 'me@example.com']);
    expect(auditFacets(rows, true).actions.map((a) => a.id)).toContain('item.write');
  });

  it('tell two keys of one name apart in the key menu', () => {
    const twins = auditRows([entry('item.delete', 'k-aaaaaaaa1', { name: 'Old' }), entry('item.delete', 'k-bbbbbbbb2', { name: 'Old' })], new Map());
    expect(auditFacets(twins, false).keys.map((k) => k.name)).toEqual(['Old (k-aaaaaa)', 'Old (k-bbbbbb)']);
  });
});
