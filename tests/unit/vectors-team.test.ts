/**
 * KeyHaven's team vault vectors (tests/vectors/keyhaven-v2-team.json, docs/crypto.md §23), made once:
 * the fingerprints must come out the same, the sealed rosters must open and follow one another, and the
 * share must open with the member's identity key.
 */
import { describe, expect, it } from 'vitest';
import {
  aad,
  adminKeyOf,
  openTeamMemory,
  emptyTeamMemory,
  teamMemoryBody,
  canonicalBytes,
  checkRosterStep,
  fromBase64url,
  importIdentityPublicKey,
  openRoster,
  openShare,
  openVaultKeyring,
  personFingerprint,
  rosterHash,
  toBase64url,
  unlockAccount,
  type Roster,
} from '../../shared/index.js';
import { P256_ECDH } from '../../shared/crypto/keys.js';
import v1 from '../vectors/keyhaven-v1.json';
import team from '../vectors/keyhaven-v2-team.json';

describe('KeyHaven team vectors', () => {
  it('computes both people’s fingerprints over their two keys', async () => {
    for (const p of [team.people.admin, team.people.member]) expect(await personFingerprint(p)).toBe(p.expected.fingerprint);
    expect(team.people.admin.expected.fingerprint).not.toBe(v1.identity.expected.fingerprint);
  });

  it('opens the sealed rosters under the v1 vault key; each follows the last and is the admin’s', async () => {
    const { accountKey } = await unlockAccount(v1.password, v1.account.record);
    const keyring = await openVaultKeyring(v1.vault.record, accountKey);
    let prev: Roster | null = null;
    for (const r of team.rosters) {
      const roster = await openRoster(r.blob, keyring, { revision: r.revision });
      expect(roster).toEqual(r.expected.roster);
      expect(new TextDecoder().decode(canonicalBytes(roster))).toBe(r.expected.canonical);
      expect(await rosterHash(roster)).toBe(r.expected.hash);
      expect(await checkRosterStep(prev, roster)).toBeNull();
      prev = roster;
    }
    // The same blob read as another revision does not open: the AAD names the revision.
    await expect(openRoster(team.rosters[0]!.blob, keyring, { revision: 2 })).rejects.toMatchObject({ code: 'tampered' });
  });

  it('opens the admin account’s team memory under its account key', async () => {
    const account = await unlockAccount(v1.password, v1.account.record);
    expect(await openTeamMemory(account, team.teamMemory.blob)).toEqual(team.teamMemory.expected.body);
    expect(aad.teamMemory(account.accountId)).toBe(team.teamMemory.expected.aad);
    // With the waiting invitations added later: both open, and a memory holding one publishes it back as it was.
    const withInvites = await openTeamMemory(account, team.teamMemoryInvites.blob);
    expect(withInvites).toEqual(team.teamMemoryInvites.expected.body);
    const memory = { ...emptyTeamMemory(), pins: withInvites.pins, people: withInvites.people, invites: withInvites.invites };
    expect(await teamMemoryBody(memory)).toEqual(team.teamMemoryInvites.expected.body);
  });

  it('opens the v2 share with the member’s identity key, as signed by the roster’s admin, and nobody else’s', async () => {
    const privateKey = await crypto.subtle.importKey('pkcs8', fromBase64url(v1.share.memberPrivatePkcs8), P256_ECDH, false, ['deriveBits']);
    const publicSpki = fromBase64url(v1.share.memberSpki);
    const identity = { privateKey, publicKey: await importIdentityPublicKey(publicSpki), publicSpki } as Parameters<typeof openShare>[1];
    const expected = { vaultId: team.vaultId, version: team.share.keyVersion, me: team.people.member.account };
    const roster = team.rosters[1]!.expected.roster as Roster;
    expect(await openShare(team.share.blob, identity, expected, async () => null)).toBeNull();
    expect(await openShare(team.share.blob, identity, { ...expected, me: team.people.admin.account }, adminKeyOf(roster))).toBeNull();
    const key = await openShare(team.share.blob, identity, expected, adminKeyOf(roster));
    expect(key).not.toBeNull();
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key!));
    expect(Buffer.from(raw).toString('hex')).toBe(team.share.expected.vaultKeyHex);
    expect(toBase64url(publicSpki)).toBe(team.people.member.identityKey);
  });
});
