/**
 * The extension's local database (IndexedDB through Dexie): one typed class, versioned schema. It holds
 * what the sync engine's LocalStore needs (item envelopes with their pending writes, cursors, the audit
 * outbox and the last audit heads seen), all of it ciphertext or bookkeeping.
 *
 * Schema changes add a `this.version(n)` step below and never edit an earlier one; each step gets a
 * test that opens a database written by the version before it.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { AuditIntent, ChainHead, LocalItem } from '../../shared/index.js';

export interface CursorRow {
  vaultId: string;
  cursor: number;
}

export interface AuditHeadRow {
  vaultId: string;
  head: ChainHead;
}

/** Intents keep their insertion order through an auto-incremented key: entries are appended in order. */
export interface AuditIntentRow {
  seq?: number;
  id: string;
  intent: AuditIntent;
}

export const DATABASE_NAME = 'keyhaven';

export class KeyHavenDatabase extends Dexie {
  items!: EntityTable<LocalItem>;
  cursors!: EntityTable<CursorRow, 'vaultId'>;
  auditOutbox!: EntityTable<AuditIntentRow, 'seq'>;
  auditHeads!: EntityTable<AuditHeadRow, 'vaultId'>;

  /** `options` lets tests pass fake-indexeddb's factory instead of the browser's. */
  constructor(name = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      items: '[vaultId+itemId], vaultId',
      cursors: 'vaultId',
      auditOutbox: '++seq, &id',
      auditHeads: 'vaultId',
    });
  }
}
