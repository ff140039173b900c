/**
 * A vault's members as the Members page shows them: the signed roster's people with role, fingerprint,
 * whether this account compared it, and whether they joined; former members, the keys they could read,
 * and invitations waiting for an account.
 */
import { comparedAs, exposedItems, personFingerprint, rankOf, sameFingerprint, waitingInvites } from '../../shared/index.js';
import type { MembersAnswer } from '../messages/protocol.js';
import type { AccountContext } from './context.js';
import type { VaultActions } from './vault-actions.js';

/** Compared before, under this email, with these very keys: only then does the UI skip the comparison. */
export async function comparedNow(ctx: AccountContext, accountId: string, email: string, fingerprint: string): Promise<boolean> {
  const seen = await ctx.team.person(accountId);
  return comparedAs(seen, email) && sameFingerprint(seen!.fingerprint, fingerprint);
}

export async function membersOf(ctx: AccountContext, vaultId: string, vaultActions: VaultActions): Promise<MembersAnswer> {
  const vault = await vaultActions.info(vaultId);
  const roster = await ctx.team.roster(vaultId);
  const left = new Set(ctx.departed.get(vaultId) ?? []);
  const invited = new Set(ctx.invited.get(vaultId) ?? []);
  const members = [];
  for (const m of roster?.members ?? []) {
    const you = m.account === ctx.account.accountId;
    const fingerprint = await personFingerprint(m);
    members.push({ accountId: m.account, email: m.email, role: m.role, fingerprint, verified: you || (await comparedNow(ctx, m.account, m.email, fingerprint)), you, status: left.has(m.account) ? ('left' as const) : invited.has(m.account) ? ('invited' as const) : ('joined' as const) });
  }
  // Admins first, then editors and viewers, each by email: the order a person scans for "who can do what".
  members.sort((a, b) => rankOf(b.role) - rankOf(a.role) || a.email.localeCompare(b.email));
  const { items } = await ctx.index.summary(vaultId);
  const iso = (at: number) => new Date(at).toISOString();
  return {
    vault,
    revision: roster?.revision ?? null,
    members,
    former: (roster?.former ?? []).map((f) => ({ email: f.email, at: iso(f.at) })),
    exposed: exposedItems(roster, items).map((e) => ({ itemId: e.itemId, name: e.name, to: e.to.map((t) => ({ email: t.email, at: iso(t.at) })) })),
    waiting: ctx.api ? (await waitingInvites(ctx.api, ctx.team, { vaultId, roster })).map((w) => ({ ...w, at: iso(w.at) })) : [],
  };
}
