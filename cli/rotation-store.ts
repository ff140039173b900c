/**
 * The vault key rotation's storage for the CLI: the engine's local store (each re-wrapped item becomes
 * a pending write the next sync pushes), with the keyring and the progress in the state file, saved
 * after every batch (so `keyhaven` finishes a rotation that a crash or Ctrl-C cut short).
 */
import { localRotationStore, type RotationStore } from '../shared/index.js';
import type { CliVault } from './vault.js';

export function rotationStoreFor(vault: CliVault, vaultId: string): RotationStore {
  const vaultState = () => vault.state.vaults.find((v) => v.id === vaultId)!;
  return localRotationStore(vault.store, vaultId, {
    async loadRotation() {
      return vault.state.rotations[vaultId] ?? null;
    },
    async saveRotation(state) {
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
  });
}
