/** How the shown sync status moves with the realtime socket and with syncs (decision 114). */
import { describe, expect, it } from 'vitest';
import { afterSocketState, SOCKET_LOST, whileSyncing, type SyncStatus } from '../../../shared/index.js';

const synced: SyncStatus = { state: 'synced' };
const offline: SyncStatus = { state: 'offline', message: 'cannot reach the server' };
const signedOut: SyncStatus = { state: 'signed-out', message: 'sign in again' };
const error: SyncStatus = { state: 'error', message: 'bad answer' };

describe('sync status', () => {
  it('stops claiming "synced" the moment the socket is lost', () => {
    expect(afterSocketState(synced, 'offline')).toEqual({ state: 'offline', message: SOCKET_LOST });
    expect(afterSocketState({ state: 'syncing' }, 'offline')).toEqual({ state: 'offline', message: SOCKET_LOST });
  });

  it('keeps what a sync found: a lost socket does not hide an error or a signed-out device, and its return proves nothing yet', () => {
    for (const status of [offline, signedOut, error]) expect(afterSocketState(status, 'offline')).toBe(status);
    for (const state of ['connecting', 'live', 'stopped'] as const) {
      expect(afterSocketState(offline, state)).toBe(offline);
      expect(afterSocketState(synced, state)).toBe(synced);
    }
  });

  it('offline stays offline through its retries; anything else shows the sync under way', () => {
    expect(whileSyncing(offline)).toBe(offline);
    expect(whileSyncing(synced)).toEqual({ state: 'syncing' });
    expect(whileSyncing(error)).toEqual({ state: 'syncing' });
    expect(whileSyncing(signedOut)).toEqual({ state: 'syncing' });
  });
});
