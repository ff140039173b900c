/**
 * An in-memory RotationStore with real compare-and-set semantics, for tests and the bench. It keeps
 * everything as JSON clones, as a database would, so no test can pass by sharing object references.
 */
import type { ItemEnvelope, RotationState, RotationStore, StoredItem, VaultKeyringRecord } from '../../shared/index.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryRotationStore implements RotationStore {
  readonly items = new Map<string, ItemEnvelope>();
  keyring: VaultKeyringRecord;
  rotation: RotationState | null = null;

  constructor(keyring: VaultKeyringRecord) {
    this.keyring = clone(keyring);
  }

  async loadRotation(): Promise<unknown> {
    return this.rotation && clone(this.rotation);
  }
  async saveRotation(_vaultId: string, state: RotationState | null): Promise<void> {
    this.rotation = state && clone(state);
  }
  async loadKeyring(): Promise<unknown> {
    return clone(this.keyring);
  }
  async saveKeyring(record: VaultKeyringRecord): Promise<void> {
    this.keyring = clone(record);
  }
  async countItems(): Promise<number> {
    return this.items.size;
  }
  async listItems(_vaultId: string, after: string | null, limit: number): Promise<StoredItem[]> {
    return [...this.items.keys()]
      .sort()
      .filter((id) => after === null || id > after)
      .slice(0, limit)
      .map((itemId) => ({ itemId, envelope: clone(this.items.get(itemId)!) }));
  }
  async getItem(_vaultId: string, itemId: string): Promise<StoredItem | null> {
    const envelope = this.items.get(itemId);
    return envelope ? { itemId, envelope: clone(envelope) } : null;
  }
  async replaceItem(_vaultId: string, itemId: string, expected: ItemEnvelope, next: ItemEnvelope): Promise<boolean> {
    const current = this.items.get(itemId);
    if (!current || JSON.stringify(current) !== JSON.stringify(expected)) return false;
    this.items.set(itemId, clone(next));
    return true;
  }
}

export type Mutation = 'saveRotation' | 'saveKeyring' | 'replaceItem';
const MUTATIONS: readonly Mutation[] = ['saveRotation', 'saveKeyring', 'replaceItem'];

export class SimulatedCrash extends Error {}

/**
 * Wraps a store so that its `failAt`-th mutation crashes, either before the write reaches the
 * store or right after it (the process dies before it learns the write landed).
 */
export function crashingStore(inner: MemoryRotationStore, failAt: number, when: 'before' | 'after'): { store: RotationStore; count: () => number } {
  let calls = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!MUTATIONS.includes(prop as Mutation)) return value.bind(target);
      return async (...args: unknown[]) => {
        calls++;
        if (calls === failAt && when === 'before') throw new SimulatedCrash(`crash before ${String(prop)}`);
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (calls === failAt) throw new SimulatedCrash(`crash after ${String(prop)}`);
        return result;
      };
    },
  });
  return { store, count: () => calls };
}
