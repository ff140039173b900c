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
    expect(db.verno).toBe(2);
    expect(await store.getItem('v', 'i')).toMatchObject({ pending: { blob: 'pending-envelope' } });
    expect(await store.getCursor('v')).toBe(12);
    expect((await store.auditOutbox()).map((i) => i.id)).toEqual(['a1']);
    expect(await db.profile.count()).toBe(0);
    db.close();
  });
});
