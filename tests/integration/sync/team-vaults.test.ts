/**
 * Team vaults through the shared flows every client runs, three people against a real server: invite
 * after comparing a fingerprint, accept, share, read and write; roles; and a hostile operator who
 * edits the database (adds a member, raises a role, swaps a key, forges a roster) is named in a
 * warning on every member's client.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  rosterFromStart,
  trustRoster,
  acceptInvitation,
  ApiClient,
  checkRoster,
  createItem,
  createVaultKeyring,
  encodeShare,
  encodeVaultKeyEntry,
  unwrapVaultKey,
  exposedItems,
  inviteMember,
  newVaultKeyEntry,
  openItem,
  removeMember,
  rotateValue,
  shareKeyVersion,
  withKeyVersion,
  lookupPerson,
  openInvitation,
  openVaultKeyring,
  personFingerprint,
  sealRoster,
  sealVaultMeta,
  serverVaults,
  shareTrustFrom,
  signRoster,
  teamIdentities,
  teamStoreOver,
  emptyTeamMemory,
  pullTeamMemory,
  pushTeamMemory,
  toBase64url,
  type Person,
  type TeamActor,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { loginNewDevice, registerUser, type TestUser } from '../../support/users.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;

interface Member {
  user: TestUser;
  api: ApiClient;
  actor: TeamActor;
}

function member(user: TestUser): Member {
  const api = new ApiClient({ baseUrl: server.base, token: user.device.token, timeoutMs: 5000 });
  const actor: TeamActor = {
    accountId: user.accountId,
    email: user.email,
    keys: { identityKey: user.identitySpki, signingKey: toBase64url(user.signing.publicSpki) },
    signingKey: user.signing.signingKey,
    identity: user.identity,
    accountKey: user.accountKey,
    store: teamStoreOver(emptyTeamMemory()),
  };
  return { user, api, actor };
}

/** What the person on the other end would read out: their fingerprint, computed from their own keys. */
const ownFingerprint = (m: Member) => personFingerprint(m.actor.keys);

/** The inviter compares the digits with what the invitee reads out, as a careful person does. */
const comparesWith = (expected: string) => async (p: Person | { fingerprint: string }) => p.fingerprint === expected;

async function teamVault(admin: Member, name = 'Payments team'): Promise<VaultKeyringRecord> {
  const { record, keyring } = await createVaultKeyring(admin.user.accountKey, { vaultId: randomUUID() });
  await admin.api.createVault({ id: record.vaultId, meta: await sealVaultMeta({ name }, keyring), keys: [{ keyVersion: 1, blob: encodeVaultKeyEntry(record.keys[0]!) }] });
  return record;
}

async function invite(admin: Member, record: VaultKeyringRecord, invitee: Member, role: 'viewer' | 'editor' | 'admin') {
  const person = await lookupPerson(admin.api, invitee.user.email);
  await inviteMember(admin.api, admin.actor, { record, person, role, confirm: comparesWith(await ownFingerprint(invitee)) });
}

async function join(invitee: Member, vaultId: string, inviter: Member) {
  const opened = await openInvitation(invitee.api, invitee.actor, vaultId);
  expect(opened.problem).toBeNull();
  return acceptInvitation(invitee.api, invitee.actor, opened, comparesWith(await ownFingerprint(inviter)));
}

const engineOf = (m: Member, record: VaultKeyringRecord, device = m.user.device) =>
  openVaultKeyring(record, m.user.accountKey).then((keyring) =>
    engineFor(server.base, m.user, device, { vaultId: record.vaultId, keyring }, undefined, async () => teamIdentities(m.actor.store, new Map([[m.user.accountId, m.user.signing.verifyKey]]))),
  );

let alice: Member;
let bob: Member;
let carol: Member;

beforeAll(async () => {
  [alice, bob, carol] = (await Promise.all([registerUser(server.base), registerUser(server.base), registerUser(server.base)])).map(member) as [Member, Member, Member];
});

describe('inviting, accepting and sharing', () => {
  it('shares a vault with a verified teammate, who reads and writes in it on every device', async () => {
    const record = await teamVault(alice);
    const asked: string[] = [];
    const person = await lookupPerson(alice.api, bob.user.email);
    await inviteMember(alice.api, alice.actor, { record, person, role: 'editor', confirm: async (p) => (asked.push(p.fingerprint), true) });
    expect(asked).toEqual([await ownFingerprint(bob)]);

    const [invitation] = (await bob.api.invitations()).invitations;
    expect(invitation).toMatchObject({ vaultId: record.vaultId, role: 'editor', invitedBy: { email: alice.user.email } });
    const opened = await openInvitation(bob.api, bob.actor, record.vaultId);
    expect(opened).toMatchObject({ problem: null, name: 'Payments team', role: 'editor', inviter: { email: alice.user.email, fingerprint: await ownFingerprint(alice) } });
    const joined = await acceptInvitation(bob.api, bob.actor, opened, comparesWith(await ownFingerprint(alice)));

    const aliceEngine = await engineOf(alice, record);
    const itemId = randomUUID();
    await aliceEngine.engine.write(record.vaultId, itemId, createItem({ name: 'Stripe live', value: 'sk_live_shared_0001' }, new Date()));
    await aliceEngine.engine.sync([record.vaultId]);

    const bobEngine = await engineOf(bob, joined.record);
    const report = await bobEngine.engine.sync([record.vaultId]);
    expect(report.integrity).toEqual([]);
    const seen = await bobEngine.engine.list(record.vaultId);
    expect(seen.map((v) => v.ok && v.payload.value)).toEqual(['sk_live_shared_0001']);

    await bobEngine.engine.write(record.vaultId, randomUUID(), createItem({ name: 'OpenAI', value: 'sk-proj-from-bob-0001' }, new Date()));
    expect((await bobEngine.engine.sync([record.vaultId])).integrity).toEqual([]);
    await checkRoster(alice.api, { vaultId: record.vaultId, keyring: await openVaultKeyring(record, alice.user.accountKey), store: alice.actor.store, me: alice.user.accountId });
    const aliceReport = await aliceEngine.engine.sync([record.vaultId]);
    expect(aliceReport.integrity).toEqual([]);
    expect((await aliceEngine.engine.list(record.vaultId)).map((v) => v.ok && v.payload.name).sort()).toEqual(['OpenAI', 'Stripe live']);

    // Bob's other device, signed in later, opens the vault from the key Bob's first device re-wrapped.
    const phone = await loginNewDevice(server.base, bob.user, 'phone');
    const phoneApi = new ApiClient({ baseUrl: server.base, token: phone.token, timeoutMs: 5000 });
    const found = (await serverVaults(phoneApi, bob.user, shareTrustFrom(bob.actor.store, bob.user.identity))).find((v) => v.id === record.vaultId);
    expect(found).toMatchObject({ name: 'Payments team', refused: [] });
    const phoneEngine = await engineOf(bob, { v: 1, vaultId: record.vaultId, current: 1, keys: found!.entries }, phone);
    await phoneEngine.engine.sync([record.vaultId]);
    expect((await phoneEngine.engine.list(record.vaultId)).length).toBe(2);
  });

  it('opens an accepted share on another device that the accepting device did not finish re-wrapping', async () => {
    const record = await teamVault(alice);
    await invite(alice, record, carol, 'viewer');
    const opened = await openInvitation(carol.api, carol.actor, record.vaultId);
    await carol.actor.store.setRoster(record.vaultId, opened.roster!); // what acceptInvitation keeps first
    await carol.api.acceptInvitation(record.vaultId); // the server's part: the device stopped here
    const found = (await serverVaults(carol.api, carol.user, shareTrustFrom(carol.actor.store, carol.user.identity))).find((v) => v.id === record.vaultId);
    expect(found?.entries.map((e) => e.version)).toEqual([1]);
    const [key] = (await carol.api.vaultKeys(record.vaultId)).keys;
    expect(JSON.parse(key!.blob)).toHaveProperty('wrappedKey'); // now a keyring entry, not a share
    expect(JSON.parse(key!.blob)).not.toHaveProperty('kind');
  });

  it('does not invite when the fingerprint read out differs (a server that swapped the key)', async () => {
    const record = await teamVault(alice);
    await sql()`update accounts set identity_public_key = ${carol.user.identitySpki} where id = ${bob.user.accountId}`;
    try {
      const person = await lookupPerson(alice.api, bob.user.email);
      expect(person.fingerprint).not.toBe(await ownFingerprint(bob));
      await expect(inviteMember(alice.api, alice.actor, { record, person, role: 'editor', confirm: comparesWith(await ownFingerprint(bob)) })).rejects.toMatchObject({ code: 'unverified' });
      expect((await alice.api.members(record.vaultId)).members.map((m) => m.email)).toEqual([alice.user.email]);
    } finally {
      await sql()`update accounts set identity_public_key = ${bob.user.identitySpki} where id = ${bob.user.accountId}`;
    }
  });

  it('refuses a viewer’s write at the server', async () => {
    const record = await teamVault(alice);
    await invite(alice, record, carol, 'viewer');
    const joined = await join(carol, record.vaultId, alice);
    const carolEngine = await engineOf(carol, joined.record);
    await carolEngine.engine.write(record.vaultId, randomUUID(), createItem({ name: 'not allowed', value: 'sk_test_viewer_0001' }, new Date()));
    await expect(carolEngine.engine.sync([record.vaultId])).rejects.toMatchObject({ code: 'forbidden' });
    expect(await carolEngine.engine.pendingCount([record.vaultId])).toBe(1);
  });
});

describe('removing a member', () => {
  it('re-keys for the others: the removed member, holding every key they had, cannot open what is written next; what they could read is exposed until rotated', async () => {
    const [dave, erin] = (await Promise.all([registerUser(server.base), registerUser(server.base)])).map(member) as [Member, Member];
    let record = await teamVault(alice, 'Infra');
    await invite(alice, record, dave, 'editor');
    await invite(alice, record, erin, 'editor');
    const daveJoined = await join(dave, record.vaultId, alice);
    const erinJoined = await join(erin, record.vaultId, alice);
    const vault = { vaultId: record.vaultId, keyring: await openVaultKeyring(record, alice.user.accountKey) };
    const aliceEngine = engineFor(server.base, alice.user, alice.user.device, vault, undefined, async () => teamIdentities(alice.actor.store, new Map([[alice.user.accountId, alice.user.signing.verifyKey]])));
    const before = randomUUID();
    await aliceEngine.engine.write(record.vaultId, before, createItem({ name: 'AWS root', value: 'AKIA_BEFORE_REMOVAL_0001' }, new Date(Date.now() - 60_000)));
    await aliceEngine.engine.sync([record.vaultId]);

    const roster = await removeMember(alice.api, alice.actor, { record, accountId: dave.user.accountId });
    expect(roster.members.map((m) => m.account).sort()).toEqual([alice.user.accountId, erin.user.accountId].sort());
    expect(roster.former).toEqual([expect.objectContaining({ account: dave.user.accountId, email: dave.user.email })]);
    record = withKeyVersion(record, await newVaultKeyEntry(alice.user.accountKey, record.vaultId, 2, new Date()));
    await shareKeyVersion(alice.api, alice.actor, { record, roster, version: 2 });
    vault.keyring = await openVaultKeyring(record, alice.user.accountKey);
    const after = randomUUID();
    await aliceEngine.engine.write(record.vaultId, after, createItem({ name: 'AWS new', value: 'AKIA_AFTER_REMOVAL_00001' }, new Date()));
    await aliceEngine.engine.sync([record.vaultId]);

    // Dave's client keeps every key it ever had; the new item is under a version it never received.
    const [row] = await sql()<{ blob: string }[]>`select blob from items where vault_id = ${record.vaultId} and id = ${after}`;
    const daveKeys = await openVaultKeyring(daveJoined.record, dave.user.accountKey);
    await expect(openItem(JSON.parse(row!.blob), { vaultId: record.vaultId, itemId: after }, daveKeys)).rejects.toMatchObject({ code: 'unknown-key-version' });
    await expect(dave.api.changes(record.vaultId, 0)).rejects.toMatchObject({ code: 'not-found' });

    // Erin picks up version 2 from her share on her next sync and reads both.
    const erinVault = (await serverVaults(erin.api, erin.user, shareTrustFrom(erin.actor.store, erin.user.identity))).find((v) => v.id === record.vaultId)!;
    expect(erinVault.entries.map((e) => e.version)).toEqual([1, 2]);
    const erinEngine = await engineOf(erin, { v: 1, vaultId: record.vaultId, current: 2, keys: erinVault.entries });
    await checkRoster(erin.api, { vaultId: record.vaultId, keyring: await openVaultKeyring({ ...erinJoined.record, keys: erinVault.entries, current: 2 }, erin.user.accountKey), store: erin.actor.store, me: erin.user.accountId });
    expect((await erinEngine.engine.sync([record.vaultId])).integrity).toEqual([]);
    const readable = (await erinEngine.engine.list(record.vaultId)).flatMap((v) => (v.ok ? [{ itemId: v.itemId, payload: v.payload }] : []));
    expect(readable.map((i) => i.payload.name).sort()).toEqual(['AWS new', 'AWS root']);

    // The key Dave could read is exposed, on Erin's client too, until someone rotates it.
    const erinRoster = await erin.actor.store.roster(record.vaultId);
    expect(exposedItems(erinRoster, readable.map((i) => ({ itemId: i.itemId, facts: i.payload })))).toEqual([{ itemId: before, name: 'AWS root', to: [{ email: dave.user.email, at: roster.former[0]!.at }] }]);
    await erinEngine.engine.update(record.vaultId, before, (p) => rotateValue(p, 'AKIA_ROTATED_AT_AWS_0001', { reason: 'member removed', now: new Date() }));
    const rotated = (await erinEngine.engine.list(record.vaultId)).flatMap((v) => (v.ok ? [{ itemId: v.itemId, payload: v.payload }] : []));
    expect(exposedItems(erinRoster, rotated.map((i) => ({ itemId: i.itemId, facts: i.payload })))).toEqual([]);
  });
});

describe('a server that makes up keys', () => {
  /** A share of a key the server made, encrypted to the member's public key and "signed" by someone it chose. */
  async function forgedShare(vaultId: string, to: Member, version: number, signer: Member) {
    const { record, keyring } = await createVaultKeyring(signer.user.accountKey, { vaultId });
    const key = await unwrapVaultKey(record.keys[0]!, signer.user.accountKey, vaultId, true);
    return { keyring, blob: await encodeShare(key, { vaultId, version, to: { account: to.user.accountId, identityKey: to.user.identitySpki }, by: { account: signer.user.accountId, signingKey: signer.user.signing.signingKey } }) };
  }

  it('does not adopt a share into a personal vault, or junk in its place, and keeps syncing', async () => {
    const record = await teamVault(bob, 'Bob personal');
    const { blob } = await forgedShare(record.vaultId, bob, 2, carol);
    await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${record.vaultId}, ${bob.user.accountId}, 2, ${blob})`;
    await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${record.vaultId}, ${bob.user.accountId}, 3, ${'{"v":2,"kind":"share","vault":"x","version":3,"to":"y","by":"z","ephemeralSpki":"!!!!!!!!!!!!!!!!!","wrappedKey":"AAAAAAAAAAAAAAAAAAAA","sig":"' + 'A'.repeat(86) + '"}'})`;
    const found = (await serverVaults(bob.api, bob.user, shareTrustFrom(bob.actor.store, bob.user.identity))).find((v) => v.id === record.vaultId)!;
    expect(found.entries.map((e) => e.version)).toEqual([1]);
    expect(found.refused.map((r) => r.keyVersion)).toEqual([2, 3]);
  });

  it('refuses an invitation that carries a key version no admin shared', async () => {
    const record = await teamVault(alice);
    await invite(alice, record, bob, 'viewer');
    const { blob } = await forgedShare(record.vaultId, bob, 7, carol);
    await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${record.vaultId}, ${bob.user.accountId}, 7, ${blob})`;
    const opened = await openInvitation(bob.api, bob.actor, record.vaultId);
    expect(opened.problem).toContain('key version 7 was not shared by an admin');
    await expect(acceptInvitation(bob.api, bob.actor, opened, async () => true)).rejects.toMatchObject({ code: 'unverified' });
  });

  it('names a member the server put into a vault that has no roster', async () => {
    const record = await teamVault(alice, 'Alice alone');
    await sql()`insert into vault_members (vault_id, account_id, role) values (${record.vaultId}, ${carol.user.accountId}, 'admin')`;
    const keyring = await openVaultKeyring(record, alice.user.accountKey);
    const check = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: alice.actor.store, me: alice.user.accountId });
    expect(check.warnings).toEqual([expect.objectContaining({ kind: 'not-in-roster', email: carol.user.email })]);
  });
});

describe('a removed admin working with the server', () => {
  it('cannot plant a key version: the roster is read before any share, and the share of an admin removed meanwhile is refused', async () => {
    const [dave, erin] = (await Promise.all([registerUser(server.base), registerUser(server.base)])).map(member) as [Member, Member];
    let record = await teamVault(alice, 'Ops');
    await invite(alice, record, dave, 'admin');
    await invite(alice, record, erin, 'editor');
    const daveJoined = await join(dave, record.vaultId, alice);
    const erinJoined = await join(erin, record.vaultId, alice);
    const roster = await removeMember(alice.api, alice.actor, { record, accountId: dave.user.accountId });
    record = withKeyVersion(record, await newVaultKeyEntry(alice.user.accountKey, record.vaultId, 2, new Date()));
    await shareKeyVersion(alice.api, alice.actor, { record, roster, version: 2 });

    // Dave still holds version 1 and signs a key of his own as version 3 for Erin; the server stores it.
    const { record: planted } = await createVaultKeyring(dave.user.accountKey, { vaultId: record.vaultId });
    const key = await unwrapVaultKey(planted.keys[0]!, dave.user.accountKey, record.vaultId, true);
    const blob = await encodeShare(key, { vaultId: record.vaultId, version: 3, to: { account: erin.user.accountId, identityKey: erin.user.identitySpki }, by: { account: dave.user.accountId, signingKey: dave.user.signing.signingKey } });
    await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${record.vaultId}, ${erin.user.accountId}, 3, ${blob})`;

    // Erin's next sync, in the clients' order: the roster first (the removal is sealed under version 1), then keys.
    const erinKeyring = await openVaultKeyring(erinJoined.record, erin.user.accountKey);
    await checkRoster(erin.api, { vaultId: record.vaultId, keyring: erinKeyring, store: erin.actor.store, me: erin.user.accountId });
    const found = (await serverVaults(erin.api, erin.user, shareTrustFrom(erin.actor.store, erin.user.identity))).find((v) => v.id === record.vaultId)!;
    expect(found.entries.map((e) => e.version)).toEqual([1, 2]);
    expect(found.refused.map((r) => r.keyVersion)).toEqual([3]);
    expect(daveJoined.record.keys.map((k) => k.version)).toEqual([1]);
  });

  it('cannot stop every sync with a roster listing keys that are not keys', async () => {
    const record = await teamVault(alice, 'Broken keys');
    await invite(alice, record, bob, 'viewer');
    const keyring = await openVaultKeyring(record, alice.user.accountKey);
    const current = (await alice.actor.store.roster(record.vaultId))!;
    const broken = await signRoster(current, { vaultId: record.vaultId, members: current.members.map((m) => (m.account === bob.user.accountId ? { ...m, identityKey: 'A'.repeat(65) } : m)), by: alice.user.accountId, signingKey: alice.user.signing.signingKey, now: new Date() });
    await alice.api.putRoster(record.vaultId, broken.revision, await sealRoster(broken, keyring));
    for (let i = 0; i < 2; i++) {
      const check = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: alice.actor.store, me: alice.user.accountId });
      expect(check.warnings.map((w) => w.kind)).toContain('roster-forged');
      expect(check.roster?.revision).toBe(current.revision);
    }
  });
});

describe('a server that rewrites the membership', () => {
  async function team() {
    const record = await teamVault(alice);
    await invite(alice, record, bob, 'viewer');
    await join(bob, record.vaultId, alice);
    const keyring = await openVaultKeyring(record, alice.user.accountKey);
    const check = (m: Member) => checkRoster(m.api, { vaultId: record.vaultId, keyring, store: m.actor.store, me: m.user.accountId });
    expect((await check(alice)).warnings).toEqual([]);
    expect((await check(bob)).warnings).toEqual([]);
    return { record, keyring, check };
  }

  it('names a member the server added, on every member’s client', async () => {
    const { record, check } = await team();
    await sql()`insert into vault_members (vault_id, account_id, role) values (${record.vaultId}, ${carol.user.accountId}, 'admin')`;
    for (const m of [alice, bob]) {
      expect((await check(m)).warnings).toEqual([expect.objectContaining({ kind: 'not-in-roster', email: carol.user.email })]);
    }
  });

  it('names a role the server raised, and a key it swapped', async () => {
    const { record, check } = await team();
    await sql()`update vault_members set role = 'admin' where vault_id = ${record.vaultId} and account_id = ${bob.user.accountId}`;
    expect((await check(alice)).warnings).toEqual([expect.objectContaining({ kind: 'role-raised', email: bob.user.email })]);
    await sql()`update vault_members set role = 'viewer' where vault_id = ${record.vaultId} and account_id = ${bob.user.accountId}`;
    await sql()`update accounts set identity_public_key = ${carol.user.identitySpki} where id = ${bob.user.accountId}`;
    try {
      expect((await check(alice)).warnings).toEqual([expect.objectContaining({ kind: 'key-swapped', email: bob.user.email })]);
    } finally {
      await sql()`update accounts set identity_public_key = ${bob.user.identitySpki} where id = ${bob.user.accountId}`;
    }
    // A signing key the server stops serving is a swap too, not a reason to skip the comparison.
    await sql()`update accounts set signing_public_key = null where id = ${bob.user.accountId}`;
    try {
      expect((await check(alice)).warnings).toEqual([expect.objectContaining({ kind: 'key-swapped', email: bob.user.email })]);
    } finally {
      await sql()`update accounts set signing_public_key = ${toBase64url(bob.user.signing.publicSpki)} where id = ${bob.user.accountId}`;
    }
  });

  it('refuses a roster revision the server replaced, or one a non-admin signed, and keeps the verified one', async () => {
    const { record, keyring, check } = await team();
    const verified = await alice.actor.store.roster(record.vaultId);
    // Bob holds the vault key but is a viewer: a roster he signs making himself admin is not an admin's.
    const forged = await signRoster(verified, { vaultId: record.vaultId, members: verified!.members.map((m) => ({ ...m, role: 'admin' as const })), by: bob.user.accountId, signingKey: bob.user.signing.signingKey, now: new Date() });
    await sql()`insert into vault_rosters (vault_id, revision, blob) values (${record.vaultId}, ${forged.revision}, ${await sealRoster(forged, keyring)})`;
    for (const m of [alice, bob]) {
      const result = await check(m);
      expect(result.warnings).toEqual([expect.objectContaining({ kind: 'roster-forged' })]);
      expect(result.roster).toEqual(verified);
    }
    // A fresh device verifying from the first revision stops at the same place.
    const fresh = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: teamStoreOver(emptyTeamMemory()), me: alice.user.accountId });
    expect(fresh.warnings.map((w) => w.kind)).toEqual(['roster-forged', 'roster-unpinned']);
    expect(fresh.roster?.revision).toBe(verified!.revision);
    // Junk in place of a revision is the same finding, not a crash.
    await sql()`update vault_rosters set blob = '{"v":2,"kv":1,"data":"AAAA"}' where vault_id = ${record.vaultId} and revision = 1`;
    const junk = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: teamStoreOver(emptyTeamMemory()), me: alice.user.accountId });
    // With nothing verified, Bob is also someone no admin signed in, as far as this device can tell.
    expect(junk.warnings.map((w) => w.kind)).toEqual(['roster-forged', 'not-in-roster']);
  });

  it('does not let a member with the vault key rewrite the history from revision 1 for a newly signed-in device', async () => {
    const { record, keyring } = await team();
    // Alice's first device publishes what it verified, sealed under her account key.
    const memory = (alice.actor.store as ReturnType<typeof teamStoreOver>).memory;
    await pushTeamMemory(alice.api, alice.user, memory, await pullTeamMemory(alice.api, alice.user, memory));

    // Bob, a viewer who holds the vault key, and the server make up a history where Bob is the admin.
    const bobAlone = { account: bob.user.accountId, email: bob.user.email, role: 'admin' as const, identityKey: bob.user.identitySpki, signingKey: toBase64url(bob.user.signing.publicSpki) };
    const first = await signRoster(null, { vaultId: record.vaultId, members: [bobAlone], by: bob.user.accountId, signingKey: bob.user.signing.signingKey, now: new Date() });
    const aliceAsViewer = { account: alice.user.accountId, email: alice.user.email, role: 'viewer' as const, identityKey: alice.user.identitySpki, signingKey: toBase64url(alice.user.signing.publicSpki) };
    const second = await signRoster(first, { vaultId: record.vaultId, members: [bobAlone, aliceAsViewer], by: bob.user.accountId, signingKey: bob.user.signing.signingKey, now: new Date() });
    await sql()`delete from vault_rosters where vault_id = ${record.vaultId}`;
    for (const r of [first, second]) await sql()`insert into vault_rosters (vault_id, revision, blob) values (${record.vaultId}, ${r.revision}, ${await sealRoster(r, keyring)})`;
    await sql()`update vault_members set role = 'admin' where vault_id = ${record.vaultId} and account_id = ${bob.user.accountId}`;
    await sql()`update vault_members set role = 'viewer' where vault_id = ${record.vaultId} and account_id = ${alice.user.accountId}`;

    const freshMemory = emptyTeamMemory();
    await pullTeamMemory(alice.api, alice.user, freshMemory);
    const fresh = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: teamStoreOver(freshMemory), me: alice.user.accountId });
    expect(fresh.warnings.map((w) => w.kind)).toContain('roster-forked');
    expect(fresh.roster).toBeNull();
    // A server that drops the account's memory cannot make it verify silently either: the device says it took the list on trust.
    await sql()`update accounts set team_memory = null where id = ${alice.user.accountId}`;
    const dropped = emptyTeamMemory();
    await pullTeamMemory(alice.api, alice.user, dropped);
    const blind = await checkRoster(alice.api, { vaultId: record.vaultId, keyring, store: teamStoreOver(dropped), me: alice.user.accountId });
    expect(blind.warnings.map((w) => w.kind)).toEqual(['roster-unpinned']);
  });

  it('trusts no history that does not verify from its start, whatever the user says', async () => {
    const { record, keyring } = await team();
    const verified = (await alice.actor.store.roster(record.vaultId))!;
    const forged = await signRoster(verified, { vaultId: record.vaultId, members: verified.members.map((m) => ({ ...m, role: 'admin' as const })), by: bob.user.accountId, signingKey: bob.user.signing.signingKey, now: new Date() });
    await sql()`insert into vault_rosters (vault_id, revision, blob) values (${record.vaultId}, ${forged.revision}, ${await sealRoster(forged, keyring)})`;
    await expect(rosterFromStart(alice.api, keyring)).rejects.toMatchObject({ code: 'unverified' });
    expect(await alice.actor.store.roster(record.vaultId)).toEqual(verified);
  });

  it('warns when a teammate’s keys change after they were verified, like SSH’s “host key changed”', async () => {
    const { record, keyring, check } = await team();
    const current = (await alice.actor.store.roster(record.vaultId))!;
    // An admin's client (here: Alice's own, fed a swapped key) re-signs Bob in with other keys.
    const swapped = await signRoster(current, {
      vaultId: record.vaultId,
      members: current.members.map((m) => (m.account === bob.user.accountId ? { ...m, identityKey: carol.user.identitySpki } : m)),
      by: alice.user.accountId,
      signingKey: alice.user.signing.signingKey,
      now: new Date(),
    });
    await alice.api.putRoster(record.vaultId, swapped.revision, await sealRoster(swapped, keyring));
    const warning = (await check(alice)).warnings.find((w) => w.kind === 'key-changed');
    expect(warning).toMatchObject({ email: bob.user.email });
    expect(warning!.message).toContain(await ownFingerprint(bob));

    // Alice compares the new digits with Bob and trusts the list as it is: the warning goes.
    const shown = await rosterFromStart(alice.api, keyring);
    expect(shown.members.find((m) => m.email === bob.user.email)?.fingerprint).not.toBe(await ownFingerprint(bob));
    const fingerprints = shown.members.map((m) => m.fingerprint);
    await expect(trustRoster(alice.api, alice.actor.store, keyring, { revision: shown.roster.revision - 1, fingerprints })).rejects.toMatchObject({ code: 'unverified' });
    await trustRoster(alice.api, alice.actor.store, keyring, { revision: shown.roster.revision, fingerprints });
    // What she compared no longer warns; the server serving Bob's old keys beside the roster still does.
    expect((await check(alice)).warnings.map((w) => w.kind)).toEqual(['key-swapped']);
    await alice.actor.store.setPerson({ accountId: bob.user.accountId, email: bob.user.email, fingerprint: await ownFingerprint(bob), verified: true });
  });

});
