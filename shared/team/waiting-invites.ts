/**
 * Invitations to an email with no account yet (docs/teams.md): nothing is wrapped to anyone. The
 * inviter's team memory (sealed under their account key, shared by their devices) remembers the email
 * and role; once that account exists, the inviter's client says so, and the invitation is finished the
 * usual way, after comparing the new account's fingerprint. One made more than `WAITING_INVITE_DAYS`
 * ago, or for someone the roster now lists, is forgotten.
 */
import { SyncError, VaultError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import type { Roster, TeamRole } from './roster.js';
import { WAITING_INVITE_DAYS, type TeamStore } from './team-store.js';

export interface WaitingInviteState {
  email: string;
  role: TeamRole;
  at: number;
  /** The account exists now (with the keys an invitation needs): compare its fingerprint and invite. */
  ready: boolean;
}

export async function inviteLater(store: TeamStore, input: { vaultId: string; email: string; role: TeamRole; now?: Date }): Promise<void> {
  const email = input.email.trim();
  if ((await store.waiting(input.vaultId)).some((i) => i.email.toLowerCase() === email.toLowerCase())) {
    throw new VaultError('invalid-state', `${email} is already waiting to be invited to this vault`);
  }
  await store.setWaiting(input.vaultId, email, { vaultId: input.vaultId, email, role: input.role, at: (input.now ?? new Date()).getTime() });
}

/** The vault's waiting invitations, each looked up on the server; stale ones are dropped on the way. */
export async function waitingInvites(api: ApiClient, store: TeamStore, input: { vaultId: string; roster: Roster | null; now?: Date }): Promise<WaitingInviteState[]> {
  const now = (input.now ?? new Date()).getTime();
  const out: WaitingInviteState[] = [];
  for (const invite of await store.waiting(input.vaultId)) {
    const listed = input.roster?.members.some((m) => m.email.toLowerCase() === invite.email.toLowerCase());
    if (listed || now - invite.at > WAITING_INVITE_DAYS * 86_400_000) {
      await store.setWaiting(input.vaultId, invite.email, null);
      continue;
    }
    out.push({ email: invite.email, role: invite.role, at: invite.at, ready: await hasAccount(api, invite.email) });
  }
  return out;
}

/** Whether `email` has an account an invitation can be made to (one with an identity signing key). */
export async function hasAccount(api: ApiClient, email: string): Promise<boolean> {
  try {
    return (await api.identity(email)).signingPublicKey !== null;
  } catch (error) {
    if (error instanceof SyncError && error.code === 'not-found') return false;
    throw error;
  }
}
