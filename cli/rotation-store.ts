/**
 * The vault key rotation's storage, over the CLI's state: progress goes into the state file after
 * every batch (so `keyhaven` finishes a rotation that a crash or Ctrl-C cut short), and each re-wrapped
 * item becomes a pending write that the next sync pushes.
 */
import { currentBlob, itemEnvelopeSchema, readEnvelope, type RotationStore, type StoredItem } from '../shared/index.js';
import type { CliVault } from './vault.js';

export function rotationStoreFor(vault: CliVault, vaultId: string): RotationStore {
  const live = async (): Promise<StoredItem[]> =>
    (await vault.store.listItems(vaultId))
      .flatMap((item) => {
        const blob = currentBlob(item);
        // An unreadable item is left alone: it cannot be re-wrapped, and skipping it loses nothing.
        const envelope = blob ? itemEnvelopeSchema.safeParse(readEnvelope(blob)) : null;
        return envelope?.success ? [{ itemId: item.itemId, envelope: envelope.data }] : [];
      })
      .sort((a, b) => a.itemId.localeCompare(b.itemId));
  const vaultState = () => vault.state.vaults.find((v) => v.id === vaultId)!;

  return {
    async loadRotation() {
      return vault.state.rotations[vaultId] ?? null;
    },
    async saveRotation(_id, state) {
      if (state) vault.state.rotations[vaultId] = state;
      else delete vault.state.rotations[vaultId];
      vault.save();
    },
    async loadKeyring() {
      return vaultState().keyring;
    },
    async saveKeyring(record) {
      vaultState().keyring = record;
      vault.forgetKeyring(vaultId);
      vault.save();
    },
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
      const item = await vault.store.getItem(vaultId, itemId);
      const blob = item && currentBlob(item);
      if (!item || !blob || JSON.stringify(readEnvelope(blob)) !== JSON.stringify(expected)) return false;
      await vault.store.putItem({ ...item, pending: { blob: JSON.stringify(next), queuedAt: new Date().toISOString() } });
      return true;
    },
  };
}
