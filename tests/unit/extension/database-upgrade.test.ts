/**
 * Each Dexie schema version must open a database written by the version before it, keeping its data.
 * The fixture is written through a database declared exactly as version 1 was.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { DexieLocalStore } from '../../../extension/db/local-store.js';

describe('extension database upgrades', () => {
  it('v1 → v2: items, cursors, the audit outbox and heads survive, and the profile table appears', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('keyhaven', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ items: '[vaultId+itemId], vaultId', cursors: 'vaultId', auditOutbox: '++seq, &id', auditHeads: 'vaultId' });
    await v1.table('items').put({ vaultId: 'v', itemId: 'i', base: null, pending: { blob: 'pending-envelope', queuedAt: '2026-11-21T00:00:00.000Z' } });
    await v1.table('cursors').put({ vaultId: 'v', cursor: 12 });
    await v1.table('auditOutbox').add({ id: 'a1', intent: { id: 'a1', vaultId: 'v', action: 'item.reveal', itemId: 'i', at: '2026-11-21T00:00:00.000Z' } });
    v1.close();

    const db = new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange });
    const store = new DexieLocalStore(db);
    expect(db.verno).toBe(5);
    expect(await store.getItem('v', 'i')).toMatchObject({ pending: { blob: 'pending-envelope' } });
    expect(await store.getCursor('v')).toBe(12);
    expect((await store.auditOutbox()).map((i) => i.id)).toEqual(['a1']);
    expect(await db.profile.count()).toBe(0);
    db.close();
  });

  it('v2 → v3: the profile survives, and the team table appears empty', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('keyhaven', { indexedDB, IDBKeyRange });
    v2.version(1).stores({ items: '[vaultId+itemId], vaultId', cursors: 'vaultId', auditOutbox: '++seq, &id', auditHeads: 'vaultId' });
    v2.version(2).stores({ profile: 'key' });
    await v2.table('profile').put({ key: 'main', email: 'someone@example.com', vaults: [] });
    await v2.table('cursors').put({ vaultId: 'v', cursor: 3 });
    v2.close();

    const db = new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange });
    expect(db.verno).toBe(5);
    expect(await db.profile.get('main')).toMatchObject({ email: 'someone@example.com' });
    expect(await new DexieLocalStore(db).getCursor('v')).toBe(3);
    expect(await db.team.count()).toBe(0);
    db.close();
  });

  it('v3 → v4: items already waiting to be pushed are in the new outbox index, the others are not', async () => {
    const indexedDB = new IDBFactory();
    const v3 = new Dexie('keyhaven', { indexedDB, IDBKeyRange });
    v3.version(1).stores({ items: '[vaultId+itemId], vaultId', cursors: 'vaultId', auditOutbox: '++seq, &id', auditHeads: 'vaultId' });
    v3.version(2).stores({ profile: 'key' });
    v3.version(3).stores({ team: 'key' });
    const queued = { blob: 'pending-envelope', queuedAt: '2026-12-07T00:00:00.000Z' };
    await v3.table('items').bulkPut([
      { vaultId: 'v', itemId: 'waiting', base: null, pending: queued },
      { vaultId: 'v', itemId: 'synced', base: { revision: 2, blob: 'server-envelope', deleted: false }, pending: null },
      { vaultId: 'w', itemId: 'elsewhere', base: null, pending: queued },
    ]);
    v3.close();

    const db = new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange });
    const store = new DexieLocalStore(db);
    expect(db.verno).toBe(5);
    expect((await store.pendingItems('v')).map((i) => i.itemId)).toEqual(['waiting']);
    expect((await store.pendingItems('w')).map((i) => i.itemId)).toEqual(['elsewhere']);
    expect(await store.getItem('v', 'synced')).toMatchObject({ base: { revision: 2 } });
    db.close();
  });

  it('v4 → v5: items and the outbox survive, and vaults start with no summary index (built at the next unlock)', async () => {
    const indexedDB = new IDBFactory();
    const v4 = new Dexie('keyhaven', { indexedDB, IDBKeyRange });
    v4.version(1).stores({ items: '[vaultId+itemId], vaultId', cursors: 'vaultId', auditOutbox: '++seq, &id', auditHeads: 'vaultId' });
    v4.version(2).stores({ profile: 'key' });
    v4.version(3).stores({ team: 'key' });
    v4.version(4).stores({ outbox: '[vaultId+itemId], vaultId' });
    await v4.table('items').put({ vaultId: 'v', itemId: 'waiting', base: null, pending: { blob: 'pending-envelope', queuedAt: '2026-12-07T00:00:00.000Z' } });
    await v4.table('outbox').put({ vaultId: 'v', itemId: 'waiting' });
    v4.close();

    const db = new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange });
    const store = new DexieLocalStore(db);
    expect(db.verno).toBe(5);
    expect((await store.pendingItems('v')).map((i) => i.itemId)).toEqual(['waiting']);
    expect(await store.getSummaryCache('v')).toBeNull();
    await store.setSummaryCache('v', { sealed: 'sealed' });
    await store.forgetVault('v');
    expect(await store.getSummaryCache('v')).toBeNull();
    db.close();
  });
});
