/**
 * The sync engine over the extension's Dexie store, against a real server: a write made offline
 * survives a restart of the worker (a new engine over a reopened database) and reaches another device.
 */
import { randomUUID } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createItem, SyncError } from '../../../shared/index.js';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { DexieLocalStore } from '../../../extension/db/local-store.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, type TestUser } from '../../support/users.js';

const server = useCluster();
let user: TestUser;
beforeAll(async () => {
  user = await registerUser(server.base);
});

describe('sync engine over the Dexie store', () => {
  it('keeps an offline write through a restart and delivers it', async () => {
    const vault = await createVault(server.base, user);
    const indexedDB = new IDBFactory();
    const openDb = () => new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange });
    let db = openDb();

    const offline = engineFor('http://127.0.0.1:9', user, user.device, vault, new DexieLocalStore(db));
    const itemId = randomUUID();
    await offline.engine.write(vault.vaultId, itemId, createItem({ name: 'from the browser', value: 'sk-dexie-offline-1234' }, new Date()));
    await offline.engine.recordAudit(vault.vaultId, 'item.create', itemId, { name: 'from the browser' });
    await expect(offline.engine.sync([vault.vaultId])).rejects.toBeInstanceOf(SyncError);

    db.close(); // the service worker is stopped; a new one opens the same database
    db = openDb();
    const restarted = engineFor(server.base, user, user.device, vault, new DexieLocalStore(db));
    expect(await restarted.engine.pendingCount([vault.vaultId])).toBe(2);
    expect(await restarted.engine.sync([vault.vaultId])).toMatchObject({ pushed: 1, auditAppended: 1, pending: 0 });

    const phone = engineFor(server.base, user, await loginNewDevice(server.base, user, 'phone'), vault);
    await phone.engine.sync([vault.vaultId]);
    expect(await phone.engine.read(vault.vaultId, itemId)).toMatchObject({ value: 'sk-dexie-offline-1234' });
  });
});
