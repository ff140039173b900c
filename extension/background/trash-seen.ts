/**
 * This browser's record of when it first saw each key in a Trash (shared/sync/trash-sightings.ts), in
 * its profile row beside the favourites: ids and times, nothing of the keys. Each change is one
 * IndexedDB transaction, so the vaults' purges and the Trash screen may sight at once.
 */
import { readSightings, type TrashSightings, type TrashSightingStore } from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase } from '../db/database.js';

export function profileSightings(db: KeyHavenDatabase): TrashSightingStore {
  return {
    async update(vaultId, change) {
      let next: TrashSightings = {};
      await updateProfile(db, (profile) => {
        const all = profile.trashSeen && typeof profile.trashSeen === 'object' && !Array.isArray(profile.trashSeen) ? profile.trashSeen : {};
        next = change(readSightings(all[vaultId]));
        return { ...profile, trashSeen: { ...all, [vaultId]: next } };
      });
      return next;
    },
  };
}
