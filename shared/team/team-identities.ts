/**
 * Whose identity signing keys a device trusts for checking audit chains and device certificates: its
 * own account's, and each teammate's as the verified rosters list them (never the server's member
 * list). An account two rosters give different keys is trusted with neither, so its entries fail as
 * unknown and are reported, instead of one vault's roster deciding for another.
 */
import type { IdentityVerifyKey } from '../crypto/keys.js';
import { importIdentityVerifyKey } from '../crypto/signing-identity.js';
import { fromBase64url } from '../encoding.js';
import type { TeamStore } from './team-store.js';

export async function teamIdentities(store: TeamStore, own: ReadonlyMap<string, IdentityVerifyKey>): Promise<Map<string, IdentityVerifyKey>> {
  const keys = new Map<string, string | null>();
  for (const roster of await store.rosters()) {
    for (const m of roster.members) {
      if (own.has(m.account)) continue;
      const seen = keys.get(m.account);
      keys.set(m.account, seen === undefined || seen === m.signingKey ? m.signingKey : null);
    }
  }
  const out = new Map(own);
  for (const [account, spki] of keys) {
    if (spki === null) continue;
    try {
      out.set(account, await importIdentityVerifyKey(fromBase64url(spki)));
    } catch {
      // A roster is signed, so this would be an admin's own mistake; the account's entries fail as unknown.
    }
  }
  return out;
}
