/**
 * The vault key rotation's storage over a sync engine's local store (shared by the CLI, the bench and,
 * later, the extension): each re-wrapped item becomes a pending write that the next sync pushes with
 * its signed record, and the keyring and the rotation's progress go wherever the host keeps them.
 */
import type { RotationState, RotationStore, StoredItem } from '../vault/rotation.js';
import type { VaultKeyringRecord } from '../vault/keyring.js';
import { itemEnvelopeSchema, readEnvelope } from '../vault/envelope.js';
import { currentBlob, type LocalStore } from './store.js';

export interface RotationHost {
  loadRotation(): Promise<RotationState | null>;
  saveRotation(state: RotationState | null): Promise<void>;
  loadKeyring(): Promise<VaultKeyringRecord>;
  saveKeyring(record: VaultKeyringRecord): Promise<void>;
}

export function localRotationStore(store: LocalStore, vaultId: string, host: RotationHost): RotationStore {
  const live = async (): Promise<StoredItem[]> =>
    (await store.listItems(vaultId))
      .flatMap((item) => {
        const blob = currentBlob(item);
        // An unreadable item is left alone: it cannot be re-wrapped, and skipping it loses nothing.
        const envelope = blob ? itemEnvelopeSchema.safeParse(readEnvelope(blob)) : null;
        return envelope?.success ? [{ itemId: item.itemId, envelope: envelope.data }] : [];
      })
      .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));

  return {
    loadRotation: () => host.loadRotation(),
    saveRotation: (_id, state) => host.saveRotation(state),
    loadKeyring: () => host.loadKeyring(),
    saveKeyring: (record) => host.saveKeyring(record),
    async countItems() {
      return (await live()).length;
    },
    async listItems(_id, after, limit) {
      return (await live()).filter((i) => after === null || i.itemId > after).slice(0, limit);
    },
    async getItem(_id, itemId) {
      return (await live()).find((i) => i.itemId === itemId) ?? null;
    },
    async replaceItem(_id, itemId, expected, next) {
      const item = await store.getItem(vaultId, itemId);
      const blob = item && currentBlob(item);
      if (!item || !blob || JSON.stringify(readEnvelope(blob)) !== JSON.stringify(expected)) return false;
      await store.putItem({ ...item, pending: { blob: JSON.stringify(next), queuedAt: new Date().toISOString() } });
      return true;
    },
  };
}
