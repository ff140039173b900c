/**
 * A team vault's member roster (docs/crypto.md §23): who is in the vault, with which keys and which
 * role. Each revision is signed by an admin of the revision before it (the first by the vault's creator,
 * its only member), links to that revision by hash, and is sealed under the vault key, so the server,
 * which holds neither an admin's signing key nor the vault key, can neither add a member, swap a key,
 * change a role nor serve an old revision as the newest to a client that has seen a newer one.
 */
import { z } from 'zod';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import { canonicalBytes } from '../crypto/canonical.js';
import type { IdentitySigningKey, IdentityVerifyKey } from '../crypto/keys.js';
import { signRecord, verifyRecord } from '../crypto/signature.js';
import { importIdentityVerifyKey } from '../crypto/signing-identity.js';
import { importIdentityPublicKey } from '../crypto/asymmetric.js';
import { fromBase64url, fromUtf8, toBase64url } from '../encoding.js';
import { CryptoError } from '../errors.js';
import { idSchema } from '../identity/ids.js';
import { parseOrThrow } from '../util/parse.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { personKeysSchema } from './person.js';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type TeamRole = (typeof ROLES)[number];

export const rosterMemberSchema = personKeysSchema.extend({
  account: idSchema,
  email: z.string().min(3).max(254),
  role: z.enum(ROLES),
});
export type RosterMember = z.infer<typeof rosterMemberSchema>;

/** Someone who left or was removed: what they could read before `at` is exposed until rotated at the provider. */
export const formerMemberSchema = z.strictObject({ account: idSchema, email: z.string().min(3).max(254), at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });
export type FormerMember = z.infer<typeof formerMemberSchema>;

export const rosterSchema = z.strictObject({
  v: z.literal(2),
  kind: z.literal('vault-roster'),
  vault: idSchema,
  revision: z.number().int().positive().max(1_000_000_000),
  prev: z.string().regex(/^[A-Za-z0-9_-]{43}$/).nullable(),
  members: z.array(rosterMemberSchema).min(1).max(1000),
  former: z.array(formerMemberSchema).max(10_000),
  by: idSchema,
  at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type Roster = z.infer<typeof rosterSchema>;

const sealedRosterSchema = z.strictObject({ v: z.literal(2), kv: z.number().int().positive(), data: z.string().min(1) });

/** base64url SHA-256 of the signed roster's canonical bytes: what the next revision's `prev` names. */
export async function rosterHash(roster: Roster): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', canonicalBytes(roster))));
}

export const rankOf = (role: TeamRole) => ROLES.indexOf(role);

/** The identity signing key of an admin of `roster`, for checking what only admins may sign (shares); null for anyone else. */
export const adminKeyOf = (roster: Roster | null) => async (accountId: string): Promise<IdentityVerifyKey | null> => {
  const member = roster ? memberOf(roster, accountId) : null;
  if (member?.role !== 'admin') return null;
  return importIdentityVerifyKey(fromBase64url(member.signingKey)).catch(() => null);
};
export const memberOf = (roster: Roster, accountId: string) => roster.members.find((m) => m.account === accountId) ?? null;

/** The next revision (or the first, when `prev` is null) with these members, signed by `by`. */
export async function signRoster(
  prev: Roster | null,
  input: { vaultId: string; members: RosterMember[]; former?: FormerMember[]; by: string; signingKey: IdentitySigningKey; now: Date },
): Promise<Roster> {
  const unsigned = {
    v: 2 as const,
    kind: 'vault-roster' as const,
    vault: input.vaultId,
    revision: prev ? prev.revision + 1 : 1,
    prev: prev ? await rosterHash(prev) : null,
    members: [...input.members].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0)),
    former: input.former ?? prev?.former ?? [],
    by: input.by,
    at: input.now.getTime(),
  };
  return parseOrThrow(rosterSchema, await signRecord(unsigned, input.signingKey), 'roster');
}

export async function sealRoster(roster: Roster, keyring: VaultKeyring): Promise<string> {
  const data = await seal(keyring.currentKey(), canonicalBytes(roster), aad.roster(roster.vault, roster.revision));
  return JSON.stringify({ v: 2, kv: keyring.current, data: toBase64url(data) });
}

/** Opens one stored revision; throws `CryptoError` (`bad-format`, `tampered`, `unknown-key-version`). */
export async function openRoster(blob: string, keyring: VaultKeyring, expected: { revision: number }): Promise<Roster> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(blob);
  } catch {
    throw new CryptoError('bad-format', 'roster: not JSON');
  }
  const sealed = parseOrThrow(sealedRosterSchema, envelope, 'sealed roster');
  const plaintext = await open(keyring.get(sealed.kv), fromBase64url(sealed.data), aad.roster(keyring.vaultId, expected.revision));
  let body: unknown;
  try {
    body = JSON.parse(fromUtf8(plaintext));
  } catch {
    throw new CryptoError('bad-format', 'roster: the sealed body is not JSON');
  }
  const roster = parseOrThrow(rosterSchema, body, 'roster');
  if (roster.vault !== keyring.vaultId || roster.revision !== expected.revision) throw new CryptoError('tampered', 'roster: names another vault or revision');
  return roster;
}

export type RosterStepFailure = { reason: 'roster-forged' | 'roster-forked'; message: string };

/**
 * Whether `next` may follow `prev` (null: `next` must be a first revision): the next number, the hash
 * link, distinct members with at least one admin, and the signature of someone who was an admin in
 * `prev` (for a first revision: its only member).
 */
export async function checkRosterStep(prev: Roster | null, next: Roster): Promise<RosterStepFailure | null> {
  const forged = (message: string): RosterStepFailure => ({ reason: 'roster-forged', message: `roster revision ${next.revision}: ${message}` });
  if (prev) {
    if (next.vault !== prev.vault || next.revision !== prev.revision + 1) return forged(`does not follow revision ${prev.revision}`);
    if (next.prev !== (await rosterHash(prev))) return { reason: 'roster-forked', message: `roster revision ${next.revision} does not link to the revision ${prev.revision} this device verified` };
  } else if (next.revision !== 1 || next.prev !== null || next.members.length !== 1) {
    return forged('a first revision must have number 1 and its creator as its only member');
  }
  if (new Set(next.members.map((m) => m.account)).size !== next.members.length) return forged('lists a member twice');
  // Former members are never forgotten: dropping one would hide what they could read.
  const formerKept = (prev?.former ?? []).every((f, i) => JSON.stringify(next.former[i]) === JSON.stringify(f));
  if (!formerKept) return forged('drops or changes someone who left earlier');
  if (!next.members.some((m) => m.role === 'admin')) return forged('has no admin');
  for (const m of next.members) {
    const usable = await (async () => {
      await importIdentityPublicKey(fromBase64url(m.identityKey));
      await importIdentityVerifyKey(fromBase64url(m.signingKey));
    })().then(
      () => true,
      () => false,
    );
    if (!usable) return forged(`lists keys for ${m.email} that are not P-256 public keys`);
  }
  const signer = memberOf(prev ?? next, next.by);
  if (!signer || signer.role !== 'admin') return forged(`signed by ${next.by}, who was not an admin`);
  let verifies = false;
  try {
    verifies = await verifyRecord(next, await importIdentityVerifyKey(fromBase64url(signer.signingKey)));
  } catch {
    verifies = false;
  }
  return verifies ? null : forged(`the signature of ${signer.email} does not verify`);
}

