/**
 * Team vaults as every client runs them (docs/crypto.md §23, docs/teams.md): invite someone after
 * their fingerprint was compared, open and accept an invitation, change a role. Each membership change
 * is a new roster revision signed by the admin making it, written before the server's own change, so
 * the server never lists anyone the roster does not (the other way round is a change still under way).
 */
import type { IdentityKeyPair } from '../crypto/asymmetric.js';
import type { AccountKey, IdentitySigningKey, VaultKey } from '../crypto/keys.js';
import { SyncError, VaultError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import { encodeVaultKeyEntry, openVaultMeta } from '../sync/profile.js';
import { openVaultKeyring as openKeyring, unwrapVaultKey, vaultKeyEntry, VaultKeyring, type VaultKeyringRecord } from '../vault/keyring.js';
import { personFingerprint, sameFingerprint, type PersonKeys } from './person.js';
import { checkRoster, followRosters } from './roster-check.js';
import { adminKeyOf, memberOf, sealRoster, signRoster, type Roster, type RosterMember, type TeamRole } from './roster.js';
import { encodeShare, openShareKey, readShareBlob, shareIsGenuine } from './share-blob.js';
import type { TeamStore } from './team-store.js';

/** Who is acting: their account, keys and what their client remembers. */
export interface TeamActor {
  accountId: string;
  email: string;
  keys: PersonKeys;
  signingKey: IdentitySigningKey;
  identity: IdentityKeyPair;
  accountKey: AccountKey;
  store: TeamStore;
  now?: () => Date;
}

export interface Person {
  accountId: string;
  email: string;
  keys: PersonKeys;
  fingerprint: string;
}

/** The account behind an email, with the fingerprint computed here (never the server's). */
export async function lookupPerson(api: ApiClient, email: string): Promise<Person> {
  const found = await api.identity(email);
  if (found.signingPublicKey === null) {
    throw new VaultError('unverified', `${found.email} has no identity signing key yet: they need to sign in once with a current client before they can be invited`);
  }
  const keys = { identityKey: found.identityPublicKey, signingKey: found.signingPublicKey };
  return { accountId: found.accountId, email: found.email, keys, fingerprint: await personFingerprint(keys) };
}

/** The verified roster, making the first revision (the caller alone, as admin) for a vault that has none yet. */
export async function ensureRoster(api: ApiClient, actor: TeamActor, keyring: VaultKeyring): Promise<Roster> {
  const check = await checkRoster(api, { vaultId: keyring.vaultId, keyring, store: actor.store, me: actor.accountId });
  const blocking = check.warnings.find((w) => w.kind === 'roster-forged' || w.kind === 'roster-forked');
  if (blocking) throw new SyncError('bad-response', `${blocking.message}; no member changes until it is resolved`);
  if (check.roster) return check.roster;
  const first = await signRoster(null, { vaultId: keyring.vaultId, members: [selfAs(actor, 'admin')], by: actor.accountId, signingKey: actor.signingKey, now: actorNow(actor) });
  await publishRoster(api, actor, keyring, first);
  return first;
}

async function publishRoster(api: ApiClient, actor: TeamActor, keyring: VaultKeyring, roster: Roster): Promise<void> {
  await api.putRoster(keyring.vaultId, roster.revision, await sealRoster(roster, keyring));
  await actor.store.setRoster(keyring.vaultId, roster);
}

/** The next roster revision with `change` applied, signed and published (admins only). */
export async function changeRoster(api: ApiClient, actor: TeamActor, keyring: VaultKeyring, change: (current: Roster) => { members: RosterMember[]; former?: Roster['former'] }): Promise<Roster> {
  const current = await ensureRoster(api, actor, keyring);
  if (memberOf(current, actor.accountId)?.role !== 'admin') throw new VaultError('forbidden', 'only an admin of this vault can change its members');
  const { members, former } = change(current);
  if (!members.some((m) => m.role === 'admin')) throw new VaultError('invalid-state', 'a vault needs at least one admin; make someone else admin first');
  const next = await signRoster(current, { vaultId: keyring.vaultId, members, former, by: actor.accountId, signingKey: actor.signingKey, now: actorNow(actor) });
  await publishRoster(api, actor, keyring, next);
  return next;
}

/**
 * Invites `person` (from `lookupPerson`) once the user confirmed their fingerprint, which `confirm` asks;
 * a fingerprint the user verified before is not asked again, and one that changed since is refused.
 */
export async function inviteMember(
  api: ApiClient,
  actor: TeamActor,
  input: { record: VaultKeyringRecord; person: Person; role: TeamRole; confirm: (person: Person) => Promise<boolean> },
): Promise<Roster> {
  const { person, record } = input;
  if (person.accountId === actor.accountId) throw new VaultError('invalid-input', 'you are already in your own vault');
  const seen = await actor.store.person(person.accountId);
  if (seen && !sameFingerprint(seen.fingerprint, person.fingerprint)) {
    throw new VaultError('unverified', `the keys of ${person.email} changed since ${seen.verified ? 'you verified them' : 'this device first saw them'} (was ${seen.fingerprint}, now ${person.fingerprint}); not invited`);
  }
  if (!comparedAs(seen, person.email) && !(await input.confirm(person))) throw new VaultError('unverified', `not invited: the fingerprint of ${person.email} was not confirmed`);
  await actor.store.setPerson({ accountId: person.accountId, email: person.email, fingerprint: person.fingerprint, verified: true });

  const keyring = await openKeyring(record, actor.accountKey);
  const roster = await changeRoster(api, actor, keyring, ({ members }) => {
    if (members.some((m) => m.account === person.accountId)) throw new VaultError('invalid-state', `${person.email} is already in this vault`);
    return { members: [...members, { account: person.accountId, email: person.email, role: input.role, ...person.keys }] };
  });
  const keys = [];
  for (const entry of record.keys) {
    const key = await unwrapVaultKey(entry, actor.accountKey, record.vaultId, true);
    const to = { account: person.accountId, identityKey: person.keys.identityKey };
    keys.push({ keyVersion: entry.version, blob: await encodeShare(key, { vaultId: record.vaultId, version: entry.version, to, by: { account: actor.accountId, signingKey: actor.signingKey } }) });
  }
  await api.addMember(record.vaultId, { accountId: person.accountId, role: input.role, keys });
  return roster;
}

export async function changeMemberRole(api: ApiClient, actor: TeamActor, input: { record: VaultKeyringRecord; accountId: string; role: TeamRole }): Promise<Roster> {
  const keyring = await openKeyring(input.record, actor.accountKey);
  const roster = await changeRoster(api, actor, keyring, ({ members }) => {
    if (!members.some((m) => m.account === input.accountId)) throw new VaultError('invalid-input', 'that account is not in this vault');
    return { members: members.map((m) => (m.account === input.accountId ? { ...m, role: input.role } : m)) };
  });
  await api.changeRole(input.record.vaultId, input.accountId, input.role);
  return roster;
}

/** An invitation as the invitee's client sees it after checking everything it can. */
export interface OpenedInvitation {
  vaultId: string;
  name: string | null;
  role: TeamRole;
  inviter: { accountId: string; email: string; fingerprint: string } | null;
  roster: Roster | null;
  /** Why it cannot be accepted (a forged roster, a key not made for this account…); null when it can. */
  problem: string | null;
  keys: Map<number, { key: VaultKey; revision: number }>;
}

export async function openInvitation(api: ApiClient, actor: TeamActor, vaultId: string): Promise<OpenedInvitation> {
  const detail = await api.invitation(vaultId);
  const shares = detail.keys.map((k) => ({ ...k, share: readShareBlob(k.blob) }));
  const keys = new Map<number, { key: VaultKey; revision: number }>();
  for (const k of shares) {
    const key = k.share && k.share.version === k.keyVersion ? await openShareKey(k.share, actor.identity) : null;
    if (key) keys.set(k.keyVersion, { key, revision: k.revision });
  }
  const base = { vaultId, role: detail.role, keys, name: null, inviter: null, roster: null };
  if (keys.size === 0 || keys.size !== detail.keys.length) return { ...base, problem: 'the vault keys that came with it do not open with your identity key (not made for you, or tampered with)' };
  const keyring = new VaultKeyring(vaultId, Math.max(...keys.keys()), new Map([...keys].map(([v, k]) => [v, k.key])));
  // The admin (as the revision before listed them) who signed the newest revision adding this account.
  let addedBy: RosterMember | null = null;
  const { roster, failure } = await followRosters(null, detail.rosters, keyring, null, (prev, next) => {
    if (memberOf(next, actor.accountId) && !(prev && memberOf(prev, actor.accountId))) addedBy = memberOf(prev ?? next, next.by);
  });
  if (failure || !roster) return { ...base, problem: failure?.message ?? 'the vault has no signed roster' };
  // Encryption to your key proves nothing about who sent it: every key version must be an admin's share.
  for (const k of shares) {
    if (!(await shareIsGenuine(k.share!, { vaultId, version: k.keyVersion, me: actor.accountId }, adminKeyOf(roster)))) {
      return { ...base, roster, problem: `key version ${k.keyVersion} was not shared by an admin of the vault's signed roster` };
    }
  }
  const mine = memberOf(roster, actor.accountId);
  if (!mine || mine.identityKey !== actor.keys.identityKey || mine.signingKey !== actor.keys.signingKey) {
    return { ...base, roster, problem: 'the signed roster does not list you with your own keys' };
  }
  const inviter = addedBy as RosterMember | null; // set inside the callback, which narrowing does not follow
  if (!inviter || !detail.invitedBy || detail.invitedBy.accountId !== inviter.account) {
    return { ...base, roster, problem: 'the invitation does not come from the admin who signed you into the roster' };
  }
  const name = await openVaultMeta(detail.meta, keyring).then((m) => m.name, () => null);
  return { ...base, name, roster, role: mine.role, problem: null, inviter: { accountId: inviter.account, email: inviter.email, fingerprint: await personFingerprint(inviter) } };
}

/**
 * Accepts an opened invitation the user checked (the inviter's fingerprint compared, unless verified
 * before): the server's membership turns active, and each key version is re-wrapped under the account
 * key in place of its share, so the member's other devices open the vault like a personal one.
 */
export async function acceptInvitation(api: ApiClient, actor: TeamActor, invitation: OpenedInvitation, confirm: (inviter: NonNullable<OpenedInvitation['inviter']>) => Promise<boolean>): Promise<{ record: VaultKeyringRecord; name: string | null }> {
  if (invitation.problem || !invitation.inviter || !invitation.roster) throw new VaultError('unverified', `not accepted: ${invitation.problem ?? 'the invitation could not be checked'}`);
  const inviter = invitation.inviter;
  const seen = await actor.store.person(inviter.accountId);
  if (seen && !sameFingerprint(seen.fingerprint, inviter.fingerprint)) {
    throw new VaultError('unverified', `the keys of ${inviter.email} changed since ${seen.verified ? 'you verified them' : 'this device first saw them'} (was ${seen.fingerprint}, now ${inviter.fingerprint}); not accepted`);
  }
  if (!comparedAs(seen, inviter.email) && !(await confirm(inviter))) throw new VaultError('unverified', `not accepted: the fingerprint of ${inviter.email} was not confirmed`);
  await actor.store.setPerson({ accountId: inviter.accountId, email: inviter.email, fingerprint: inviter.fingerprint, verified: true });
  // Kept before the server's part, so a device stopped between the two still trusts the admins' shares next time.
  await actor.store.setRoster(invitation.vaultId, invitation.roster);
  await api.acceptInvitation(invitation.vaultId);
  const entries = [];
  for (const [version, { key, revision }] of [...invitation.keys].sort(([a], [b]) => a - b)) {
    const entry = await vaultKeyEntry(key, actor.accountKey, invitation.vaultId, version, actorNow(actor));
    await api.putVaultKey(invitation.vaultId, actor.accountId, version, revision, encodeVaultKeyEntry(entry)).catch((error: unknown) => {
      // Another of this member's devices re-wrapped it first: that is the state wanted.
      if (!(error instanceof SyncError && error.code === 'conflict')) throw error;
    });
    entries.push(entry);
  }
  const record: VaultKeyringRecord = { v: 1, vaultId: invitation.vaultId, current: Math.max(...entries.map((e) => e.version)), keys: entries };
  return { record, name: invitation.name };
}

/**
 * Compared before, under this very email: an account the server now serves for another email (someone
 * verified once, answering for a colleague's address) is asked about again, never taken as compared.
 */
export const comparedAs = (seen: { verified: boolean; email: string } | null, email: string) => Boolean(seen?.verified && seen.email.toLowerCase() === email.toLowerCase());

const selfAs = (actor: TeamActor, role: TeamRole): RosterMember => ({ account: actor.accountId, email: actor.email, role, ...actor.keys });
export const actorNow = (actor: TeamActor) => actor.now?.() ?? new Date();
