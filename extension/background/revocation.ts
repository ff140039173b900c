/**
 * This browser after the server said its device was revoked (docs/decisions.md #112). The vault locks
 * and stays locked: a revoked device's session and key are dead, so nothing it holds unlocked is of use,
 * and a stolen laptop that was revoked should not keep showing names and values. The profile remembers
 * when and by which device (the server's word, shown as such) and how many writes were still waiting.
 *
 * The way back is signing in as a new device with the account's password. Only once the server accepts
 * it is this browser's local copy replaced, so a wrong password or an unreachable server loses nothing.
 * The writes that were waiting are not carried over: they were signed by the revoked key, which other
 * devices refuse from the revocation on; the screen says how many before the person signs in.
 */
import { CryptoError, SyncError, type DeviceRevokedDetails } from '../../shared/index.js';
import { updateProfile, type KeyHavenDatabase, type ProfileRow } from '../db/database.js';
import type { RevokedInfo } from '../messages/protocol.js';
import { signInProfile } from './account-setup.js';
import { BackgroundError } from './errors.js';

export async function recordRevocation(db: KeyHavenDatabase, details: DeviceRevokedDetails, unsent: number): Promise<void> {
  // The token is dead: dropping its sealed copy leaves nothing that looks like a way in.
  await updateProfile(db, (p) => ({ ...p, revoked: { at: details.revokedAt, by: details.revokedBy, unsent }, sealedToken: null }));
}

export function revokedInfo(profile: ProfileRow | undefined): RevokedInfo | null {
  if (!profile?.revoked) return null;
  return { ...profile.revoked, email: profile.email, server: profile.server };
}

/** A new device on the same account and server; the local copy is replaced only after the server said yes. */
export async function signInAsNewDevice(db: KeyHavenDatabase, profile: ProfileRow, password: string): Promise<void> {
  if (!profile.revoked || !profile.server || !profile.email) throw new BackgroundError('not-offered', 'this browser was not removed from its account; unlock it instead');
  const fresh = await signInProfile({ server: profile.server, email: profile.email, password }).catch((error: unknown) => {
    // The email is this profile's: "wrong email or password" can only mean the password.
    if (error instanceof SyncError && error.server?.code === 'invalid-credentials') throw new CryptoError('wrong-password', 'wrong password');
    throw error;
  });
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    await db.profile.put(fresh);
  });
}
