/**
 * Attacks on the extension's team vaults, from a hostile review: a server that swaps accounts behind an
 * email, serves junk, re-lists a vault that was left; a teammate's modified client reusing item ids.
 * Browsers are real VaultService instances (tests/support/extension-browsers.ts) against a real server
 * whose database the "hostile operator" edits.
 */
import { describe, expect, it } from 'vitest';
import { route } from '../../../extension/background/router.js';
import { changeRoster, createItem } from '../../../shared/index.js';
import { useBrowsers, type Browser } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;
const { browser, ask, signedUp, fingerprintOf, vaultNamed } = useBrowsers(() => server.base);

const accountIdOf = async (b: Browser) => (await sql()<{ id: string }[]>`select id from accounts where email = ${b.email}`)[0]!.id;
/** The unlocked internals of a browser: what a malicious member's own modified client would have. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const internals = (b: Browser) => (b.service as any).unlocked as { engine: any; api: any; vaults: any; account: any };

/** Alice makes a team vault and brings `who` in with `role`, both sides comparing fingerprints. */
async function shareWith(admin: Browser, vaultId: string, who: Browser, role: 'viewer' | 'editor' | 'admin') {
  await ask(admin, { type: 'invite', vaultId, email: who.email, role, fingerprint: await fingerprintOf(who) });
  await ask(who, { type: 'accept-invitation', vaultId, fingerprint: await fingerprintOf(admin) });
  await ask(admin, { type: 'sync-now' });
}

describe('team vault attacks: invitations and fingerprints', () => {
  it('invite: digits the admin compared are checked even for a person verified before (the server swaps the account behind an email)', async () => {
    const [alice, bob, carol] = [await signedUp('alice'), await signedUp('bob'), await signedUp('carol')];
    // Alice compared Carol's fingerprint once, for another vault.
    const ops = await ask(alice, { type: 'create-vault', name: 'Ops' });
    await shareWith(alice, ops.id, carol, 'viewer');
    const payroll = await ask(alice, { type: 'create-vault', name: 'Payroll' });

    // Hostile server: Bob's email now leads to Carol's account (and keys).
    await sql()`update accounts set email = ${`moved-${bob.email}`} where email = ${bob.email}`;
    await sql()`update accounts set email = ${bob.email} where email = ${carol.email}`;
    const shown = await ask(alice, { type: 'find-person', email: bob.email });
    // Alice reads Bob's real digits to him over the phone and clicks with them.
    const invite = await route(alice.service, { type: 'invite', vaultId: payroll.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    const carolInvitations = (await ask(carol, { type: 'invitations' })).invitations.map((i) => i.vaultId);
    await sql()`update accounts set email = ${carol.email} where email = ${bob.email}`;
    await sql()`update accounts set email = ${bob.email} where email = ${`moved-${bob.email}`}`;

    expect({ shownAsVerified: shown.verified, inviteRefused: !invite.ok, carolGotPayroll: carolInvitations.includes(payroll.id) }).toEqual({
      shownAsVerified: false,
      inviteRefused: true,
      carolGotPayroll: false,
    });
  });
});

describe('team vault attacks: which vault things land in', () => {
  it("a new browser's default vault is the person's own vault, not a team vault the server lists first", async () => {
    const alice = await signedUp('alice');
    const payments = await ask(alice, { type: 'create-vault', name: 'Payments' });
    const bob = await signedUp('bob'); // joins the company after the team vault exists
    await shareWith(alice, payments.id, bob, 'editor');

    const bob2 = browser(bob.email, bob.password);
    await ask(bob2, { type: 'login', server: server.base, email: bob.email, password: bob.password });
    await ask(bob2, { type: 'sync-now' });
    const vaults = (await ask(bob2, { type: 'vaults' })).vaults;
    // Where "Add" without a vault, and "Save to KeyHaven" on a dashboard, put Bob's key.
    const added = await ask(bob2, { type: 'add', fields: { name: 'my own github token' }, value: 'ghp_bob_private_token_0000000001' });
    expect({ default: vaults.find((v) => v.default)?.name, savedTo: vaults.find((v) => v.id === added.vaultId)?.name }).toEqual({ default: 'Personal', savedTo: 'Personal' });
  });

  it('a viewer cannot import keys into a team vault (the background refuses before anything is queued)', async () => {
    const [alice, carol] = [await signedUp('alice'), await signedUp('carol')];
    const payments = await ask(alice, { type: 'create-vault', name: 'Payments' });
    await shareWith(alice, payments.id, carol, 'viewer');
    const pendingBefore = (await ask(carol, { type: 'state' })).pending;
    const imported = await route(carol.service, { type: 'import', vaultId: payments.id, format: 'env', text: 'STRIPE_SECRET_KEY=sk_test_viewer_import_000000001\n' });
    const pendingAfter = (await ask(carol, { type: 'state' })).pending;
    expect({ refused: !imported.ok, queued: pendingAfter - pendingBefore }).toEqual({ refused: true, queued: 0 });
  });

  it('a vault "no longer shared with you" is read-only: a write to it is refused, not queued forever', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const infra = await ask(alice, { type: 'create-vault', name: 'Infra' });
    await shareWith(alice, infra.id, bob, 'editor');
    const bobId = (await ask(alice, { type: 'members', vaultId: infra.id })).members.find((m) => m.email === bob.email)!.accountId;
    await ask(alice, { type: 'remove-member', vaultId: infra.id, accountId: bobId });
    await ask(bob, { type: 'sync-now' });
    expect(await vaultNamed(bob, 'Infra')).toMatchObject({ unlisted: true });
    const write = await route(bob.service, { type: 'add', vaultId: infra.id, fields: { name: 'written after removal' }, value: 'sk_test_stranded_write_000000001' });
    expect({ refused: !write.ok }).toEqual({ refused: true });
  });

  it('an exposed key cannot be moved out of its team vault (it would leave every exposed list); a copy keeps it listed', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const infra = await ask(alice, { type: 'create-vault', name: 'Infra' });
    const key = await ask(alice, { type: 'add', vaultId: infra.id, fields: { name: 'AWS prod' }, value: 'aws_prod_value_bob_could_read_01' });
    await shareWith(alice, infra.id, bob, 'editor');
    const bobId = (await ask(alice, { type: 'members', vaultId: infra.id })).members.find((m) => m.email === bob.email)!.accountId;
    const removed = await ask(alice, { type: 'remove-member', vaultId: infra.id, accountId: bobId });
    expect(removed.exposed.map((e) => e.name)).toEqual(['AWS prod']);
    const personal = (await vaultNamed(alice, 'Personal'))!;
    const move = await route(alice.service, { type: 'transfer-item', vaultId: infra.id, itemId: key.id, to: personal.id, mode: 'move' });
    expect(move).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    await ask(alice, { type: 'transfer-item', vaultId: infra.id, itemId: key.id, to: personal.id, mode: 'copy' });
    const exposedAnywhere = (await ask(alice, { type: 'vaults' })).vaults.reduce((sum, v) => sum + v.exposed, 0);
    expect({ exposedAnywhere }).toEqual({ exposedAnywhere: 1 });
  });
});

describe('team vault attacks: content script', () => {
  it('fill hands out the value of the key the page was offered, even when two vaults hold an item with the same id', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const own = await ask(alice, { type: 'add', fields: { name: 'Stripe live (mine)', provider: 'stripe' }, value: 'sk_live_alice_own_value_00000001' });
    const team = await ask(alice, { type: 'create-vault', name: 'Team' });
    await shareWith(alice, team.id, bob, 'editor');
    // Bob's modified client (the server tells him ids; they are not secret from it) writes an item into the
    // team vault under the id of Alice's personal key.
    const bobEngine = internals(bob).engine;
    await bobEngine.write(team.id, own.id, createItem({ type: 'api-key', name: 'Stripe live (team)', provider: 'stripe', value: 'sk_live_attacker_value_000000001' }, new Date()));
    await ask(bob, { type: 'sync-now' });
    await ask(alice, { type: 'sync-now' });

    const sender = { tabId: 7, url: new URL('https://dashboard.stripe.com/apikeys') };
    const offer = await alice.service.content.matches('stripe secret key', sender);
    if (offer.locked) throw new Error('locked');
    const mine = offer.items.find((i) => i.name === 'Stripe live (mine)')!;
    const { value } = await alice.service.content.fill(mine.id, sender);
    // Offers are tokens, not item ids: the page cannot name an item, and two items with one id stay apart.
    expect(offer.items.some((i) => i.id === own.id)).toBe(false);
    expect(value).toBe('sk_live_alice_own_value_00000001');
  });
});

describe('team vault attacks: junk from the server', () => {
  it('one junk key row in one vault does not stop every vault from syncing (it is a finding)', async () => {
    const alice = await signedUp('alice');
    const aliceId = await accountIdOf(alice);
    const side = await ask(alice, { type: 'create-vault', name: 'Side project' });
    await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${side.id}, ${aliceId}, ${0}, ${'junk'})`;
    await ask(alice, { type: 'add', fields: { name: 'Personal key' }, value: 'sk_test_personal_pending_00000001' });
    const state = await ask(alice, { type: 'sync-now' });
    expect({ sync: state.sync.state, pending: state.pending, warned: state.warnings.some((w) => w.vault === 'Side project') }).toEqual({ sync: 'synced', pending: 0, warned: true });
  });
});

describe('team vault attacks: what the browser shows as verified, and what it forgot', () => {
  it('Members does not show a member as verified once an admin-signed revision gave them keys nobody compared', async () => {
    const [alice, mallory, bob] = [await signedUp('alice'), await signedUp('mallory'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Shared' });
    await shareWith(alice, vault.id, mallory, 'admin');
    await shareWith(alice, vault.id, bob, 'editor');
    await ask(mallory, { type: 'sync-now' });
    const bobId = await accountIdOf(bob);
    // Mallory (a co-admin) signs a revision giving "Bob" her own keys.
    const actor = await ((await mallory.service.teamActions()) as any).actor();
    await changeRoster(internals(mallory).api, actor, internals(mallory).vaults.keyring(vault.id), ({ members }) => ({
      members: members.map((m) => (m.account === bobId ? { ...m, identityKey: actor.keys.identityKey, signingKey: actor.keys.signingKey } : m)),
    }));
    await ask(alice, { type: 'sync-now' });
    const shown = (await ask(alice, { type: 'members', vaultId: vault.id })).members.find((m) => m.accountId === bobId)!;
    expect({ fingerprintIsBobs: shown.fingerprint === (await fingerprintOf(bob)), verified: shown.verified }).toEqual({ fingerprintIsBobs: false, verified: false });
  });

  it('a vault this browser left does not come back on the server\'s word alone', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Left behind' });
    await shareWith(alice, vault.id, bob, 'editor');
    await ask(bob, { type: 'sync-now' });
    const bobId = await accountIdOf(bob);
    const keys = await sql()<{ key_version: number; blob: string }[]>`select key_version, blob from vault_keys where vault_id = ${vault.id} and account_id = ${bobId}`;
    await ask(bob, { type: 'leave-vault', vaultId: vault.id });
    // The hostile server puts Bob back, with the key entries his account once wrote.
    await sql()`insert into vault_members (vault_id, account_id, role) values (${vault.id}, ${bobId}, 'editor')`;
    for (const k of keys) await sql()`insert into vault_keys (vault_id, account_id, key_version, blob) values (${vault.id}, ${bobId}, ${k.key_version}, ${k.blob})`;
    const state = await ask(bob, { type: 'sync-now' });
    const back = (await ask(bob, { type: 'vaults' })).vaults.find((v) => v.id === vault.id);
    expect({ backSilently: Boolean(back) && state.warnings.length === 0 }).toEqual({ backSilently: false });
  });
});
