/**
 * Team vaults from the extension (docs/teams.md): the account's fingerprint, invitations checked and
 * accepted, members and roles as the signed roster says, invitations sent once a fingerprint was
 * compared, and removals that rotate the vault key for the members who remain. Every confirmation
 * names the digits the person compared: the background checks them against the keys it fetched
 * itself, so a key the server swaps between the screen and the click is refused.
 */
import {
  acceptInvitation,
  changeMemberRole,
  comparedAs,
  ensureRoster,
  freeName,
  fromBase64url,
  hasAccount,
  inviteLater,
  inviteMember,
  listTokens,
  lookupPerson,
  openIdentity,
  openInvitation,
  openSigningIdentity,
  personFingerprint,
  removeMember,
  revokeForDeparture,
  rosterFromStart,
  trustRoster,
  sameFingerprint,
  type ApiClient,
  type IdentityKeyPair,
  type SessionAccount,
  type TeamActor,
  type TeamRole,
  rotatableWithoutRoster,
  VaultError,
} from '../../shared/index.js';
import type { ProfileRow } from '../db/database.js';
import type { InvitationInfo, MembersAnswer, PersonInfo, VaultInfo } from '../messages/protocol.js';
import type { AccountContext } from './context.js';
import { BackgroundError } from './errors.js';
import { browserTokenAdminKey } from './token-admin-key.js';
import { comparedNow, membersOf } from './members-view.js';
import { interruptedRotations, rotateAndShare } from './vault-rotation.js';
import { VaultActions } from './vault-actions.js';

export function identityKeyPair(profile: ProfileRow, account: SessionAccount): Promise<IdentityKeyPair> {
  return openIdentity(fromBase64url(profile.identity.wrappedPrivateKey), fromBase64url(profile.identity.publicSpki), account.accountKey, account.accountId);
}

/** The account's fingerprint: what teammates compare before sharing with it. */
export async function ownFingerprint(profile: ProfileRow): Promise<string | null> {
  return profile.signing ? personFingerprint({ identityKey: profile.identity.publicSpki, signingKey: profile.signing.publicSpki }) : null;
}

const matches = (compared: string) => async (person: { fingerprint: string }) => sameFingerprint(compared, person.fingerprint);

export class TeamActions {
  private readonly vaultActions: VaultActions;

  constructor(private readonly ctx: AccountContext) {
    this.vaultActions = new VaultActions(ctx);
  }

  private get api(): ApiClient {
    if (!this.ctx.api) throw new BackgroundError('no-server', 'team vaults need an account on a sync server: connect one in Settings first');
    return this.ctx.api;
  }

  private async actor(): Promise<TeamActor> {
    const { profile, account, team } = this.ctx;
    if (!profile.signing || !profile.email) throw new BackgroundError('no-server', 'team vaults need an account on a sync server: connect one in Settings first');
    const { signingKey } = await openSigningIdentity(profile.signing, account.accountKey, account.accountId);
    return {
      accountId: account.accountId,
      email: profile.email,
      keys: { identityKey: profile.identity.publicSpki, signingKey: profile.signing.publicSpki },
      signingKey,
      identity: await identityKeyPair(profile, account),
      accountKey: account.accountKey,
      store: team,
    };
  }

  async invitations(): Promise<InvitationInfo[]> {
    const [api, actor] = [this.api, await this.actor()];
    const out: InvitationInfo[] = [];
    for (const inv of (await api.invitations()).invitations) {
      const o = await openInvitation(api, actor, inv.vaultId);
      const from = o.inviter ? { email: o.inviter.email, fingerprint: o.inviter.fingerprint, verified: await comparedNow(this.ctx, o.inviter.accountId, o.inviter.email, o.inviter.fingerprint) } : null;
      out.push({ vaultId: o.vaultId, name: o.name, role: o.role, from, problem: o.problem });
    }
    return out;
  }

  async accept(vaultId: string, fingerprint: string): Promise<VaultInfo> {
    const [api, actor] = [this.api, await this.actor()];
    const opened = await openInvitation(api, actor, vaultId);
    // The digits the person was shown are checked even for an inviter compared before.
    if (opened.inviter && !sameFingerprint(fingerprint, opened.inviter.fingerprint)) throw new VaultError('unverified', `not accepted: ${opened.inviter.email}'s keys give other digits than the ones you compared`);
    const joined = await acceptInvitation(api, actor, opened, matches(fingerprint));
    await this.ctx.vaults.add({ id: vaultId, name: freeName(joined.name ?? 'Shared vault', await this.ctx.vaults.list()), keyring: joined.record });
    await this.ctx.syncNow();
    return this.vaultActions.info(vaultId);
  }

  async decline(vaultId: string): Promise<{ vaultId: string }> {
    await this.api.declineInvitation(vaultId);
    return { vaultId };
  }

  async findPerson(email: string): Promise<PersonInfo> {
    const person = await lookupPerson(this.api, email);
    if (person.accountId === this.ctx.account.accountId) throw new VaultError('invalid-input', `that is you: this browser is signed in as ${person.email}`);
    const seen = await this.ctx.team.person(person.accountId);
    const changedFrom = seen && !sameFingerprint(seen.fingerprint, person.fingerprint) ? seen.fingerprint : null;
    return { accountId: person.accountId, email: person.email, fingerprint: person.fingerprint, verified: comparedAs(seen, person.email) && !changedFrom, changedFrom };
  }

  async invite(vaultId: string, email: string, role: TeamRole, fingerprint: string): Promise<MembersAnswer> {
    const [api, actor] = [this.api, await this.actor()];
    const v = await this.ctx.vaults.find(vaultId);
    await this.vaultActions.requireRole(vaultId, 'admin', 'invite people');
    const person = await lookupPerson(api, email);
    if (!sameFingerprint(fingerprint, person.fingerprint)) throw new VaultError('unverified', `not invited: ${person.email}'s keys give other digits than the ones you compared`);
    const roster = await inviteMember(api, actor, { record: v.keyring, person, role, confirm: matches(fingerprint) });
    await this.ctx.engine.recordAudit(vaultId, 'member.add', null, { email: person.email, role, roster: roster.revision });
    await this.ctx.team.setWaiting(vaultId, person.email, null);
    this.ctx.afterWrite();
    return this.members(vaultId);
  }

  /** Remembers an invitation to an email with no account yet; nothing is shared until it has one and is compared. */
  async inviteLater(vaultId: string, email: string, role: TeamRole): Promise<MembersAnswer> {
    await this.vaultActions.requireRole(vaultId, 'admin', 'invite people');
    if (await hasAccount(this.api, email)) throw new VaultError('invalid-state', `${email} has an account: compare their fingerprint and invite them now`);
    await inviteLater(this.ctx.team, { vaultId, email, role });
    this.ctx.afterWrite();
    return this.members(vaultId);
  }

  async changeRole(vaultId: string, accountId: string, role: TeamRole): Promise<MembersAnswer> {
    const [api, actor] = [this.api, await this.actor()];
    const v = await this.ctx.vaults.find(vaultId);
    const member = await this.member(vaultId, accountId);
    await changeMemberRole(api, actor, { record: v.keyring, accountId, role });
    await this.ctx.engine.recordAudit(vaultId, 'member.role', null, { email: member.email, role });
    this.ctx.afterWrite();
    return this.members(vaultId);
  }

  /** Ends their access, then rotates the vault key and shares the new version with the others only. */
  async remove(vaultId: string, accountId: string): Promise<MembersAnswer & { keyVersion: number; tokensRevoked: number }> {
    const [api, actor] = [this.api, await this.actor()];
    const v = await this.ctx.vaults.find(vaultId);
    const member = await this.member(vaultId, accountId);
    await removeMember(api, actor, { record: v.keyring, accountId });
    await this.ctx.engine.recordAudit(vaultId, 'member.remove', null, { email: member.email });
    // They could read every token's key: the tokens go before the key rotates, or it would be re-wrapped for them.
    const adminKey = browserTokenAdminKey(this.ctx.db, this.ctx.account, async () => this.ctx.team);
    const tokens = await listTokens(api, vaultId, this.ctx.vaults.keyring(vaultId), (id) => adminKey(vaultId, id), await this.ctx.engine.tokensRevokedInChain(vaultId));
    const tokensRevoked = await revokeForDeparture(api, this.ctx.engine, vaultId, tokens);
    const rotation = await rotateAndShare(this.ctx, vaultId, () => this.share(vaultId));
    return { ...(await this.members(vaultId)), keyVersion: rotation.toVersion, tokensRevoked };
  }

  /** "Rotate key now": an admin's (or, in a vault nobody else is in, the owner's); progress shows while it runs. */
  async rotateKey(vaultId: string): Promise<VaultInfo> {
    await this.assertRotatable(vaultId);
    await this.finishRotation(vaultId);
    return this.vaultActions.info(vaultId);
  }

  /** An admin, and a member list to share the new version with: otherwise the others would lose every later write. */
  async assertRotatable(vaultId: string): Promise<void> {
    await this.vaultActions.requireRole(vaultId, 'admin', 'rotate its key');
    if (!(await this.ctx.team.roster(vaultId)) && this.ctx.api && !(await rotatableWithoutRoster(this.ctx.api, vaultId, this.ctx.account.accountId))) {
      throw new VaultError('unverified', 'the server lists other members of this vault, but this browser has no member list it could verify: sync, or compare the members’ fingerprints, before rotating its key');
    }
  }

  /** A new version from now: a rotation left pending is finished first (its version may already be wrapped for what is being cut off). */
  async rotateAfresh(vaultId: string): Promise<void> {
    if (interruptedRotations(this.ctx).includes(vaultId)) await this.finishRotation(vaultId);
    await this.finishRotation(vaultId);
  }

  /** Rotates the vault key (or finishes a rotation a closed browser cut short); in a team vault, shared with the checked roster. */
  async finishRotation(vaultId: string): Promise<void> {
    await rotateAndShare(this.ctx, vaultId, this.ctx.api && (await this.ctx.team.roster(vaultId)) ? () => this.share(vaultId) : null);
  }

  /** The roster as the server has it now, checked again: a new key version goes to nobody it does not list. */
  private async share(vaultId: string) {
    const actor = await this.actor();
    return { actor, roster: await ensureRoster(this.api, actor, this.ctx.vaults.keyring(vaultId)) };
  }

  /** The server's member history, verified from its start, for a person to compare after a warning. */
  async rosterToTrust(vaultId: string): Promise<{ revision: number; members: { accountId: string; email: string; role: TeamRole; fingerprint: string }[] }> {
    const shown = await rosterFromStart(this.api, this.ctx.vaults.keyring(vaultId));
    return { revision: shown.roster.revision, members: shown.members };
  }

  /** Trusts what was shown (the same revision and digits, or nothing), then checks again at once. */
  async trustRoster(vaultId: string, revision: number, fingerprints: readonly string[]): Promise<MembersAnswer> {
    await trustRoster(this.api, this.ctx.team, this.ctx.vaults.keyring(vaultId), { revision, fingerprints });
    await this.ctx.syncNow();
    return this.members(vaultId);
  }

  private async member(vaultId: string, accountId: string) {
    const member = (await this.ctx.team.roster(vaultId))?.members.find((m) => m.account === accountId);
    if (!member) throw new BackgroundError('not-found', 'that person is not in this vault (any more)');
    return member;
  }

  members(vaultId: string): Promise<MembersAnswer> {
    return membersOf(this.ctx, vaultId, this.vaultActions);
  }
}
