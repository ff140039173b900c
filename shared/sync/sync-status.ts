/**
 * What a device says about its sync, and how a realtime socket's state moves it (decision 114). The
 * status is a claim to the user: "synced" must mean "this device would hear of a change now", so a lost
 * socket turns it to offline at once, before any HTTP request proves it, and only a sync that reached
 * the server turns it back.
 */
import type { RealtimeState } from './realtime.js';

export type SyncStatus = { state: 'syncing' | 'synced' } | { state: 'offline' | 'error' | 'signed-out'; message: string };

export const SOCKET_LOST = 'lost the connection to the server; reconnecting';

/** The status once the realtime socket reports `state`. Only a claim of being in touch is withdrawn. */
export function afterSocketState(status: SyncStatus, state: RealtimeState): SyncStatus {
  if (state === 'offline' && (status.state === 'synced' || status.state === 'syncing')) return { state: 'offline', message: SOCKET_LOST };
  return status;
}

/**
 * The status while a sync runs. Offline stays offline through its retries (a retry is no news: showing
 * "Syncing…" on every attempt would flicker for as long as the outage lasts); anything else shows the work.
 */
export function whileSyncing(status: SyncStatus): SyncStatus {
  return status.state === 'offline' ? status : { state: 'syncing' };
}
