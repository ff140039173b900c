/**
 * The audit log as the background answers it (extension/background/audit-view.ts) over a real
 * VaultService with a local vault: entries in words, an edit naming only what changed although the form
 * sends every field, the key named after it is deleted, filters applied in the worker, and a local
 * vault's status said once (its signatures checked with this browser's key), with no per-entry marks.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import type { Answers, ItemDetail, Request } from '../../../extension/messages/protocol.js';

let service: VaultService;

beforeEach(async () => {
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), memoryPorts());
  await ok({ type: 'create-local', password: 'audit view test password' });
});

async function ok<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answers[T]> {
  const answer = await route(service, request);
  if (!answer.ok) throw new Error(`${request.type} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.data as Answers[T];
}

/** What the edit form sends: every field, most of them unchanged. */
const formFields = (item: ItemDetail, change: Partial<ItemDetail>) => {
  const { name, type, provider, kind, environment, tags, url, notes, expiresAt, rotationDays } = { ...item, ...change };
  return { name, type, provider, kind, environment, tags, url, notes, expiresAt, rotationDays };
};

describe('the audit log answer', () => {
  it('words each entry, names only the fields an edit changed, and keeps a deleted key’s name', async () => {
    const openai = await ok({ type: 'add', fields: { name: 'OpenAI prod', provider: 'openai', environment: 'staging' }, value: 'sk-proj-audit-view-0001' });
    await ok({ type: 'edit', itemId: openai.id, fields: formFields(openai, { environment: 'production', tags: ['billing'] }) });
    await ok({ type: 'reveal', itemId: openai.id });
    await ok({ type: 'rotate', itemId: openai.id, value: 'sk-proj-audit-view-0002', reason: 'quarterly rotation' });
    const stripe = await ok({ type: 'add', fields: { name: 'Stripe live' }, value: 'sk_live_audit_view_0001' });
    await ok({ type: 'delete', itemId: stripe.id });

    const log = await ok({ type: 'audit' });
    expect(log.entries.map((e) => e.sentence)).toEqual([
      'Moved Stripe live to the Trash',
      'Added Stripe live',
      'Rotated OpenAI prod: quarterly rotation',
      'Revealed OpenAI prod',
      'Changed OpenAI prod: environment, tags',
      'Added OpenAI prod',
    ]);
    expect(log.entries[0]).toMatchObject({ keyId: stripe.id, keyName: 'Stripe live', action: 'item.delete', mine: true, seq: null, hash: null });
    // No value ever reaches the page through the log.
    expect(JSON.stringify(log)).not.toMatch(/sk-proj-audit-view|sk_live_audit_view/);
  });

  it('says once that a local vault’s entries are signed here, and marks none of them as pending', async () => {
    const item = await ok({ type: 'add', fields: { name: 'Resend' }, value: 're_audit_view_value_1' });
    await ok({ type: 'copy', itemId: item.id });
    const log = await ok({ type: 'audit' });
    expect(log).toMatchObject({ onServer: false, verification: null, local: { signed: 2, total: 2 }, pending: 0, total: 2, proofs: 0 });
    expect(log.entries.map((e) => e.trust)).toEqual(['local', 'local']);
  });

  it('filters in the worker, from the rows it made, and offers menus from all of them', async () => {
    const a = await ok({ type: 'add', fields: { name: 'OpenAI prod' }, value: 'sk-proj-audit-view-0003' });
    await ok({ type: 'add', fields: { name: 'Stripe live' }, value: 'sk_live_audit_view_0002' });
    await ok({ type: 'reveal', itemId: a.id });
    await ok({ type: 'audit' }); // the screen opens: a fresh read
    const search = await ok({ type: 'audit', filter: { text: 'revealed openai' }, fresh: false });
    expect(search.entries.map((e) => e.sentence)).toEqual(['Revealed OpenAI prod']);
    expect(search.total).toBe(3);
    expect(search.facets.actions.map((x) => x.id)).toEqual(['item.create', 'item.reveal']);
    expect(search.facets.keys.map((k) => k.name)).toEqual(['OpenAI prod', 'Stripe live']);
    expect((await ok({ type: 'audit', filter: { action: 'item.create' }, fresh: false })).entries).toHaveLength(2);
    expect((await ok({ type: 'audit', filter: { key: a.id }, fresh: false })).entries).toHaveLength(2);
    expect((await ok({ type: 'audit', itemId: a.id })).entries).toHaveLength(2);
    expect((await ok({ type: 'audit', filter: { from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z' } })).entries).toEqual([]);

    // Rows kept for filtering are the last read's: a fresh read shows what happened since.
    await ok({ type: 'reveal', itemId: a.id });
    expect((await ok({ type: 'audit', fresh: false })).entries).toHaveLength(3);
    expect((await ok({ type: 'audit' })).entries).toHaveLength(4);
  });

  it('refuses a filter of the wrong shape by naming it', async () => {
    const answer = await route(service, { type: 'audit', filter: { action: 3 } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
