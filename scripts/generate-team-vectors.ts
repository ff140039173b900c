/**
 * Writes tests/vectors/keyhaven-v2-team.json: vectors for team vaults (docs/crypto.md §23), made with the
 * keys of keyhaven-v1.json and keyhaven-v2.json so those stay as they were generated. The v1 account is
 * the admin (its identity key, and the identity signing key of the v2 vectors); the v1 share vector's
 * member identity is the member, with a signing key made here. Recorded: both people's fingerprints,
 * two roster revisions sealed under the v1 vault key with their hashes, a v2 share of the v1 vault
 * key to the member, signed by the admin, and the admin account's team memory sealed under its account key. Signatures are random, so tests verify what is recorded; they do not re-sign. Run once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  aad,
  canonicalBytes,
  encodeShare,
  exportSpki,
  openSigningIdentity,
  openVaultKeyring,
  personFingerprint,
  rosterHash,
  sealTeamMemory,
  sealRoster,
  signRoster,
  toBase64url,
  unlockAccount,
  unwrapVaultKey,
} from '../shared/index.js';
import { P256_ECDSA } from '../shared/crypto/keys.js';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../tests/vectors/${name}`, import.meta.url), 'utf8'));
const v1 = read('keyhaven-v1.json');
const v2 = read('keyhaven-v2.json');
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const signing = await openSigningIdentity(v2.signing.record, accountKey, accountId);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const vaultId = v1.vault.record.vaultId as string;
const memberSigning = await crypto.subtle.generateKey(P256_ECDSA, true, ['sign', 'verify']);

const admin = { account: accountId, email: 'admin@example.com', role: 'admin' as const, identityKey: v1.identity.publicSpki as string, signingKey: toBase64url(signing.publicSpki) };
const member = { account: '7e1c2a3b-4d5e-4f60-8172-93a4b5c6d7e8', email: 'member@example.com', role: 'editor' as const, identityKey: v1.share.memberSpki as string, signingKey: toBase64url(await exportSpki(memberSigning.publicKey)) };
const t = Date.parse('2026-12-02T12:00:00Z');
const first = await signRoster(null, { vaultId, members: [admin], by: accountId, signingKey: signing.signingKey, now: new Date(t) });
const second = await signRoster(first, { vaultId, members: [admin, member], by: accountId, signingKey: signing.signingKey, now: new Date(t + 60_000) });
const vaultKey = await unwrapVaultKey(v1.vault.record.keys[0], accountKey, vaultId, true);

const vectors = {
  description: 'KeyHaven team vaults (docs/crypto.md §23), made with the keys of keyhaven-v1.json and keyhaven-v2.json. Generated once by scripts/generate-team-vectors.ts; never regenerate to make a test pass.',
  vaultId,
  people: {
    admin: { ...admin, expected: { fingerprint: await personFingerprint(admin) } },
    member: { ...member, expected: { fingerprint: await personFingerprint(member) } },
  },
  rosters: await Promise.all(
    [first, second].map(async (roster) => ({
      revision: roster.revision,
      blob: await sealRoster(roster, keyring),
      expected: { roster, hash: await rosterHash(roster), aad: aad.roster(vaultId, roster.revision), canonical: new TextDecoder().decode(canonicalBytes(roster)) },
    })),
  ),
  teamMemory: await (async () => {
    const body = { v: 2 as const, pins: { [vaultId]: { revision: second.revision, hash: await rosterHash(second) } }, people: { [member.account]: { accountId: member.account, email: member.email, fingerprint: await personFingerprint(member), verified: true } } };
    return { accountId, blob: await sealTeamMemory({ accountId, accountKey }, body), expected: { body, aad: aad.teamMemory(accountId) } };
  })(),
  share: { keyVersion: 1, blob: await encodeShare(vaultKey, { vaultId, version: 1, to: { account: member.account, identityKey: member.identityKey }, by: { account: accountId, signingKey: signing.signingKey } }), expected: { vaultKeyHex: v1.share.expected.vaultKeyHex as string } },
};
writeFileSync(new URL('../tests/vectors/keyhaven-v2-team.json', import.meta.url), JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2-team.json');
