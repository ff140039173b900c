import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { MemoryStore } from '../../../shared/index.js';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { DexieLocalStore } from '../../../extension/db/local-store.js';
import { localStoreContract } from '../../support/local-store-contract.js';

localStoreContract('MemoryStore (saved as JSON and loaded back)', {
  async create() {
    const store = new MemoryStore();
    return { store, reopen: async () => MemoryStore.from(JSON.parse(JSON.stringify(store.snapshot()))) };
  },
});

localStoreContract('DexieLocalStore (the extension, over IndexedDB)', {
  async create() {
    // A fresh IndexedDB per test: fake-indexeddb's factory, injected rather than installed globally.
    const indexedDB = new IDBFactory();
    const open = () => new KeyHavenDatabase('keyhaven-test', { indexedDB, IDBKeyRange });
    let db = open();
    return {
      store: new DexieLocalStore(db),
      async reopen() {
        db.close();
        db = open();
        return new DexieLocalStore(db);
      },
    };
  },
});
