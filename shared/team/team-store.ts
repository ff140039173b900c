/**
 * What a client remembers about teams, kept by the host (the CLI's state file, the extension's
 * database): the newest roster it verified for each team vault, and the people it has seen, with the
 * fingerprint it saw and whether the user compared it out of band. A roster is only ever stored after
 * it verified, so what is stored is the base the next revisions must follow.
 */
import { z } from 'zod';
import type { IdentityKeyPair } from '../crypto/asymmetric.js';
import type { ShareTrust } from '../sync/account-flows.js';
import { adminKeyOf, ROLES, rosterSchema, type Roster } from './roster.js';

export const knownPersonSchema = z.strictObject({
  accountId: z.string(),
  email: z.string(),
  fingerprint: z.string(),
  /** True once the user compared this fingerprint with the person (invite or accept); else first seen in a roster. */
  verified: z.boolean(),
});
export type KnownPerson = z.infer<typeof knownPersonSchema>;

/** A roster position another device of this account verified: revision and hash (docs/crypto.md §23). */
export const rosterPinSchema = z.strictObject({ revision: z.number().int().positive(), hash: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export type RosterPin = z.infer<typeof rosterPinSchema>;

/**
 * An invitation to an email that had no account yet. Nothing is shared: it reminds the inviter's
 * devices, and once the account exists, the inviter compares its fingerprint and invites it.
 */
export const waitingInviteSchema = z.strictObject({
  vaultId: z.string().min(1).max(200),
  email: z.string().min(3).max(254),
  role: z.enum(ROLES),
  /** Epoch ms; a waiting invitation is forgotten after `WAITING_INVITE_DAYS`. */
  at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type WaitingInvite = z.infer<typeof waitingInviteSchema>;
export const WAITING_INVITE_DAYS = 30;
export const MAX_WAITING_INVITES = 200;

export const teamMemorySchema = z.strictObject({
  rosters: z.record(z.string(), rosterSchema),
  people: z.record(z.string(), knownPersonSchema),
  /** Positions learnt from the account's other devices, for vaults this device has not verified yet. */
  pins: z.record(z.string(), rosterPinSchema).optional(),
  invites: z.array(waitingInviteSchema).max(MAX_WAITING_INVITES).optional(),
  /** Vaults whose member list this device took on trust (no pin to check it against), until the user trusts it. Kept on this device only. */
  onTrust: z.array(z.string()).optional(),
});
export type TeamMemory = z.infer<typeof teamMemorySchema>;

export interface TeamStore {
  roster(vaultId: string): Promise<Roster | null>;
  /** Every verified roster this device keeps, for the identities its chain checks trust. */
  rosters(): Promise<Roster[]>;
  setRoster(vaultId: string, roster: Roster): Promise<void>;
  /** Where another device of this account got to, for a vault this device has no roster of yet. */
  pin(vaultId: string): Promise<RosterPin | null>;
  person(accountId: string): Promise<KnownPerson | null>;
  setPerson(person: KnownPerson): Promise<void>;
  /** Whether this device took the vault's member list on trust and the user has not confirmed it yet. */
  takenOnTrust(vaultId: string): Promise<boolean>;
  setTakenOnTrust(vaultId: string, onTrust: boolean): Promise<void>;
  /** Invitations to emails without an account yet, for one vault. */
  waiting(vaultId: string): Promise<WaitingInvite[]>;
  /** Adds (or with `null` for the role, drops) the waiting invitation of `email` to `vaultId`. */
  setWaiting(vaultId: string, email: string, invite: WaitingInvite | null): Promise<void>;
}

const sameInvite = (a: { vaultId: string; email: string }, vaultId: string, email: string) => a.vaultId === vaultId && a.email.toLowerCase() === email.toLowerCase();

/** A TeamStore over a plain object the host persists (the CLI's state file). */
export function teamStoreOver(memory: TeamMemory): TeamStore & { memory: TeamMemory } {
  return {
    memory,
    roster: async (vaultId) => memory.rosters[vaultId] ?? null,
    rosters: async () => Object.values(memory.rosters),
    setRoster: async (vaultId, roster) => void (memory.rosters[vaultId] = roster),
    pin: async (vaultId) => memory.pins?.[vaultId] ?? null,
    person: async (accountId) => memory.people[accountId] ?? null,
    setPerson: async (person) => void (memory.people[person.accountId] = person),
    takenOnTrust: async (vaultId) => (memory.onTrust ?? []).includes(vaultId),
    setTakenOnTrust: async (vaultId, onTrust) => {
      const others = (memory.onTrust ?? []).filter((id) => id !== vaultId);
      memory.onTrust = onTrust ? [...others, vaultId] : others;
    },
    waiting: async (vaultId) => (memory.invites ?? []).filter((i) => i.vaultId === vaultId),
    setWaiting: async (vaultId, email, invite) => {
      const others = (memory.invites ?? []).filter((i) => !sameInvite(i, vaultId, email));
      memory.invites = invite ? [...others, invite].slice(-MAX_WAITING_INVITES) : others;
    },
  };
}

export const emptyTeamMemory = (): TeamMemory => ({ rosters: {}, people: {} });

/**
 * Shares are taken from the admins of the rosters this device verified, and nobody else; with `me`,
 * only while that roster still lists this account (a member an admin removed takes no new version,
 * even one another admin shared before they saw the removal).
 */
export function shareTrustFrom(store: TeamStore, identity: IdentityKeyPair, me?: string): ShareTrust {
  return {
    identity,
    adminKey: async (vaultId, accountId) => {
      const roster = await store.roster(vaultId);
      if (me && roster && !roster.members.some((m) => m.account === me)) return null;
      return adminKeyOf(roster)(accountId);
    },
  };
}
