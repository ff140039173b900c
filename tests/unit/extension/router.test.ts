/**
 * The background's message router over a real VaultService (real crypto, Dexie on fake-indexeddb):
 * it refuses anything that is not a protocol message, refuses work while locked, and answers in words.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { VaultService } from '../../../extension/background/vault-service.js';

let service: VaultService;
beforeEach(() => {
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }));
});

describe('background message router', () => {
  it.each([[null], ['state'], [{ type: 'export-all-keys' }], [{ type: 'unlock' }], [{ type: 'add', name: 'x', value: 'y', extra: 1 }]])(
    'refuses %j as not a KeyHaven request',
    async (message) => {
      expect(await route(service, message)).toEqual({ ok: false, error: { code: 'bad-request', message: 'not a KeyHaven request' } });
    },
  );

  it('walks a new browser through create, add, list, reveal, lock; refusing work while locked', async () => {
    expect(await route(service, { type: 'state' })).toEqual({ ok: true, data: { phase: 'new', server: null, pending: 0, sync: { state: 'local' }, revision: 0 } });
    expect(await route(service, { type: 'list' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await route(service, { type: 'create-local', password: 'router test password' })).toMatchObject({ ok: true, data: { phase: 'unlocked' } });
    const added = await route(service, { type: 'add', name: 'Resend', value: 're_router_test_value_123', provider: 'resend' });
    expect(added).toMatchObject({ ok: true, data: { item: { name: 'Resend', masked: 're_r…_123' } } });
    const listed = await route(service, { type: 'list' });
    expect(JSON.stringify(listed)).not.toContain('re_router_test_value_123'); // a list never carries values
    const id = (added as { data: { item: { id: string } } }).data.item.id;
    expect(await route(service, { type: 'reveal', itemId: id })).toEqual({ ok: true, data: { value: 're_router_test_value_123' } });
    expect(await route(service, { type: 'lock' })).toMatchObject({ ok: true, data: { phase: 'locked' } });
    expect(await route(service, { type: 'reveal', itemId: id })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await route(service, { type: 'unlock', password: 'nope' })).toEqual({ ok: false, error: { code: 'wrong-password', message: 'Wrong password.' } });
    expect(await route(service, { type: 'create-local', password: 'again' })).toMatchObject({ ok: false, error: { code: 'exists' } });
  });

  it('locks by itself after the idle time, and a request in between keeps it open', async () => {
    const quick = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), { autoLockMs: 400 });
    await route(quick, { type: 'create-local', password: 'auto-lock test password' });
    await new Promise((r) => setTimeout(r, 250));
    expect(await route(quick, { type: 'list' })).toMatchObject({ ok: true }); // used: the clock restarts
    await new Promise((r) => setTimeout(r, 250));
    expect(await route(quick, { type: 'state' })).toMatchObject({ data: { phase: 'unlocked' } });
    await new Promise((r) => setTimeout(r, 600));
    expect(await route(quick, { type: 'state' })).toMatchObject({ data: { phase: 'locked' } });
    expect(await route(quick, { type: 'list' })).toMatchObject({ ok: false, error: { code: 'locked' } });
  });
});
