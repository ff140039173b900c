/**
 * Checking a team vault's membership as the server serves it (docs/crypto.md §23): the roster
 * revisions after the one this device verified must each follow the last, and the server's own member
 * list must not give anyone more than the verified roster does. Every finding is a warning naming who
 * and what; the roster verified so far stays the base, so a forged revision is reported again on every
 * check until the server serves the real one, and never adopted.
 */
import { CryptoError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { personFingerprint, sameFingerprint } from './person.js';
import { checkRosterStep, memberOf, openRoster, rankOf, rosterHash, type Roster } from './roster.js';
import type { RosterPin, TeamStore } from './team-store.js';

export type TeamWarningKind = 'roster-forged' | 'roster-forked' | 'roster-unpinned' | 'not-in-roster' | 'role-raised' | 'key-swapped' | 'key-changed';

export interface TeamWarning {
  vaultId: string;
  kind: TeamWarningKind;
  /** The member concerned, when there is one. */
  accountId: string | null;
  email: string | null;
  message: string;
}

export interface RosterCheck {
  /** The newest verified roster; null for a vault that has none (a personal vault). */
  roster: Roster | null;
  warnings: TeamWarning[];
  /** Roster members the server no longer lists: they left or were removed, and an admin's client finishes the removal. */
  departed: string[];
  /** Roster members the server lists as invited: they have not accepted yet. */
  invited: string[];
}

const MAX_REVISIONS = 100_000;

/** Every stored revision after `after`, page by page; a page that does not move forward ends the walk. */
export async function fetchRosters(api: ApiClient, vaultId: string, after: number): Promise<{ revision: number; blob: string }[]> {
  const all: { revision: number; blob: string }[] = [];
  for (let cursor = after; all.length < MAX_REVISIONS; ) {
    const page = await api.rosters(vaultId, cursor);
    const fresh = page.rosters.filter((r) => r.revision > cursor);
    for (const r of fresh) all.push(r);
    if (!page.hasMore || fresh.length === 0) break;
    cursor = fresh.at(-1)!.revision;
  }
  return all;
}

/**
 * Verifies `stored` on top of `base`; returns the newest that verified and the failure that stopped it.
 * `pin`: a revision another device of this account verified, which the history must pass through.
 */
export async function followRosters(
  base: Roster | null,
  stored: readonly { revision: number; blob: string }[],
  keyring: VaultKeyring,
  pin: RosterPin | null = null,
  /** Told of each revision that verified, with the one before it (an invitee finds who signed them in). */
  onStep?: (prev: Roster | null, next: Roster) => void,
): Promise<{ roster: Roster | null; failure: TeamWarning | null; waiting?: boolean }> {
  let roster = base;
  for (const entry of stored) {
    const expected = (roster?.revision ?? 0) + 1;
    let next: Roster;
    try {
      if (entry.revision !== expected) throw new Error(`revision ${entry.revision} where ${expected} was due`);
      next = await openRoster(entry.blob, keyring, { revision: entry.revision });
    } catch (error) {
      // Sealed under a key version this device has not received yet (a rotation): not a finding; the
      // walk goes on from here once the new version's share has been taken.
      if (error instanceof CryptoError && error.code === 'unknown-key-version' && !pin) return { roster, failure: null, waiting: true };
      return { roster, failure: warning(keyring.vaultId, 'roster-forged', null, `roster revision ${entry.revision} does not open or is out of place (${(error as Error).message})`) };
    }
    const failure = await checkRosterStep(roster, next);
    if (failure) return { roster, failure: warning(keyring.vaultId, failure.reason, next.by, failure.message) };
    if (pin && next.revision === pin.revision && (await rosterHash(next)) !== pin.hash) {
      return { roster: base, failure: warning(keyring.vaultId, 'roster-forked', null, `roster revision ${pin.revision} is not the one your other devices verified: this history was made up`) };
    }
    onStep?.(roster, next);
    roster = next;
  }
  if (pin && (roster?.revision ?? 0) < pin.revision) {
    return { roster: base, failure: warning(keyring.vaultId, 'roster-forked', null, `the roster ends at revision ${roster?.revision ?? 0}, but your other devices verified revision ${pin.revision}`) };
  }
  return { roster, failure: null };
}

export async function checkRoster(api: ApiClient, input: { vaultId: string; keyring: VaultKeyring; store: TeamStore; me: string }): Promise<RosterCheck> {
  const { vaultId, store } = input;
  const known = await store.roster(vaultId);
  const pin = known ? null : await store.pin(vaultId);
  const { roster, failure } = await followRosters(known, await fetchRosters(api, vaultId, known?.revision ?? 0), input.keyring, pin);
  if (roster && roster !== known) await store.setRoster(vaultId, roster);
  const warnings: TeamWarning[] = failure ? [failure] : [];
  if (!known && !pin && roster) await store.setTakenOnTrust(vaultId, true);
  // Said on every check until the user compared and trusted the list (`vault trust`), not only once.
  if (roster && (await store.takenOnTrust(vaultId))) {
    warnings.push(warning(vaultId, 'roster-unpinned', null, "this device had no record of what your other devices verified about this vault's members (the server may have dropped it), so it took the member list on trust: compare fingerprints with each member, then trust it (`keyhaven vault trust`, or Members in the extension)"));
  }
  const listed = (await api.members(vaultId)).members;
  if (!roster) {
    // No signed roster: only this account may be in it. Anyone else the server lists, no admin signed in.
    for (const m of listed.filter((x) => x.accountId !== input.me)) {
      warnings.push(warning(vaultId, 'not-in-roster', m.accountId, `the server lists ${m.email} in a vault that has no signed roster: nobody signed them in`, m.email));
    }
    return { roster: null, warnings, departed: [], invited: [] };
  }

  for (const m of listed) {
    const inRoster = memberOf(roster, m.accountId);
    if (!inRoster) warnings.push(warning(vaultId, 'not-in-roster', m.accountId, `the server lists ${m.email} as ${m.status === 'invited' ? 'invited' : 'a member'}, but no admin signed them into this vault`, m.email));
    else if (rankOf(m.role) > rankOf(inRoster.role)) warnings.push(warning(vaultId, 'role-raised', m.accountId, `the server gives ${inRoster.email} the role ${m.role}; the signed roster says ${inRoster.role}`, inRoster.email));
    else if (m.identityPublicKey !== inRoster.identityKey || m.signingPublicKey !== inRoster.signingKey) {
      warnings.push(warning(vaultId, 'key-swapped', m.accountId, `the server serves other keys for ${inRoster.email} than the signed roster holds; the roster's keys are used`, inRoster.email));
    }
  }
  for (const member of roster.members) {
    if (member.account === input.me) continue;
    const seen = await store.person(member.account);
    const now = await personFingerprint(member).catch(() => null);
    if (now === null) continue; // keys that are not keys were refused when the revision was checked
    if (!seen) await store.setPerson({ accountId: member.account, email: member.email, fingerprint: now, verified: false });
    else if (!sameFingerprint(seen.fingerprint, now)) {
      warnings.push(warning(vaultId, 'key-changed', member.account, `the keys of ${member.email} changed since ${seen.verified ? 'you verified them' : 'this device first saw them'} (fingerprint was ${seen.fingerprint}, now ${now}); compare with them before trusting it`, member.email));
    }
  }
  const onServer = new Set(listed.map((m) => m.accountId));
  const invited = new Set(listed.filter((m) => m.status === 'invited').map((m) => m.accountId));
  return { roster, warnings, departed: roster.members.filter((m) => !onServer.has(m.account)).map((m) => m.account), invited: roster.members.filter((m) => invited.has(m.account)).map((m) => m.account) };
}

function warning(vaultId: string, kind: TeamWarningKind, accountId: string | null, message: string, email: string | null = null): TeamWarning {
  return { vaultId, kind, accountId, email, message };
}
