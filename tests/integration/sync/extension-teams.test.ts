/**
 * Team vaults as the extension's background runs them, three people in three browsers (real
 * VaultService, Dexie on fake-indexeddb, the realtime socket over `ws`) against a real server: invite
 * after comparing fingerprints, accept, read, roles, a second device of a member, removal with the key
 * rotated for the rest, and the exposed list filling and emptying.
 */
import { describe, expect, it } from 'vitest';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp, fingerprintOf, vaultNamed } = useBrowsers(() => server.base);

describe('team vaults in the extension', () => {
  it('invite after comparing fingerprints, accept, read; a viewer may not write; a second device gets the vault', async () => {
    const [alice, bob, carol] = [await signedUp('alice'), await signedUp('bob'), await signedUp('carol')];
    const payments = await ask(alice, { type: 'create-vault', name: 'Payments' });
    expect(payments).toMatchObject({ name: 'Payments', role: null, members: 1, items: 0 });
    await ask(alice, { type: 'add', vaultId: payments.id, fields: { name: 'Stripe live', provider: 'stripe' }, value: 'sk_live_extension_team_000001' });

    // Alice looks Bob up; the digits she is shown are the ones Bob sees in his own settings.
    const found = await ask(alice, { type: 'find-person', email: bob.email });
    expect(found).toMatchObject({ email: bob.email, verified: false, changedFrom: null });
    expect(found.fingerprint).toBe(await fingerprintOf(bob));
    // Digits that do not match what the server's keys give are refused, and nothing is shared.
    const wrong = await refused(alice, { type: 'invite', vaultId: payments.id, email: bob.email, role: 'editor', fingerprint: (await fingerprintOf(carol)) });
    expect(wrong).toMatchObject({ code: 'unverified' });
    expect(await ask(bob, { type: 'invitations' })).toEqual({ invitations: [] });

    const invited = await ask(alice, { type: 'invite', vaultId: payments.id, email: bob.email, role: 'editor', fingerprint: found.fingerprint });
    expect(invited.members.map((m) => [m.email, m.role, m.verified])).toEqual([
      [alice.email, 'admin', true],
      [bob.email, 'editor', true],
    ]);

    // Bob sees who invited him, with Alice's fingerprint; a wrong comparison is refused.
    const [invitation] = (await ask(bob, { type: 'invitations' })).invitations;
    expect(invitation).toMatchObject({ vaultId: payments.id, name: 'Payments', role: 'editor', problem: null, from: { email: alice.email, fingerprint: await fingerprintOf(alice), verified: false } });
    expect(await refused(bob, { type: 'accept-invitation', vaultId: payments.id, fingerprint: found.fingerprint })).toMatchObject({ code: 'unverified' });
    const joined = await ask(bob, { type: 'accept-invitation', vaultId: payments.id, fingerprint: invitation!.from!.fingerprint });
    expect(joined).toMatchObject({ name: 'Payments', role: 'editor', members: 2, items: 1 });
    const [shared] = (await ask(bob, { type: 'list' })).items.filter((i) => i.vaultId === payments.id);
    expect(await ask(bob, { type: 'reveal', vaultId: payments.id, itemId: shared!.id })).toEqual({ value: 'sk_live_extension_team_000001' });

    // Bob writes as an editor; Alice's browser takes it without a warning.
    await ask(bob, { type: 'add', vaultId: payments.id, fields: { name: 'Stripe test' }, value: 'sk_test_extension_team_000002' });
    await ask(bob, { type: 'sync-now' });
    const aliceState = await ask(alice, { type: 'sync-now' });
    expect(aliceState.warnings).toEqual([]);
    expect((await ask(alice, { type: 'list' })).items.map((i) => i.name)).toContain('Stripe test');
    // Alice's audit view names who did what, from the device certificates the signed roster vouches for.
    const audit = (await ask(alice, { type: 'audit', vaultId: payments.id })).entries.filter((e) => e.action === 'item.create');
    expect(audit.map((e) => [(e.detail as { name: string }).name, e.member])).toEqual([
      ['Stripe test', bob.email],
      ['Stripe live', alice.email],
    ]);

    // Carol joins as a viewer: she reads, and her browser refuses her writes before anything is queued.
    await ask(alice, { type: 'invite', vaultId: payments.id, email: carol.email, role: 'viewer', fingerprint: await fingerprintOf(carol) });
    await ask(carol, { type: 'accept-invitation', vaultId: payments.id, fingerprint: await fingerprintOf(alice) });
    expect(await vaultNamed(carol, 'Payments')).toMatchObject({ role: 'viewer', members: 3, items: 2 });
    expect(await refused(carol, { type: 'add', vaultId: payments.id, fields: { name: 'Mine' }, value: 'sk_test_viewer_write_0000003' })).toMatchObject({ code: 'forbidden' });
    const stripe = (await ask(carol, { type: 'list' })).items.find((i) => i.name === 'Stripe live')!;
    expect(await refused(carol, { type: 'revoke', vaultId: payments.id, itemId: stripe.id, reason: 'no' })).toMatchObject({ code: 'forbidden' });
    expect((await ask(carol, { type: 'state' })).pending).toBe(0);
    // A viewer's own personal vault is hers to write, and copying a team key there is allowed.
    const copy = await ask(carol, { type: 'transfer-item', vaultId: payments.id, itemId: stripe.id, to: (await vaultNamed(carol, 'Personal'))!.id, mode: 'copy' });
    expect(await ask(carol, { type: 'reveal', vaultId: copy.vaultId, itemId: copy.id })).toEqual({ value: 'sk_live_extension_team_000001' });
    expect(await refused(carol, { type: 'transfer-item', vaultId: payments.id, itemId: stripe.id, to: copy.vaultId, mode: 'move' })).toMatchObject({ code: 'forbidden' });
    expect(await refused(carol, { type: 'delete-vault', vaultId: payments.id })).toMatchObject({ code: 'forbidden' });

    // Bob's second browser: the vault he accepted on the first comes with his account.
    const bob2 = browser(bob.email, bob.password);
    await ask(bob2, { type: 'login', server: server.base, email: bob.email, password: bob.password });
    const state = await ask(bob2, { type: 'sync-now' });
    expect(state.warnings).toEqual([]);
    expect(await vaultNamed(bob2, 'Payments')).toMatchObject({ role: 'editor', members: 3, items: 2 });
  });

  it('removing a member rotates the key for the rest; the removed browser stops syncing it; the exposed list empties as keys are rotated', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Infra' });
    const key = await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: 'AWS prod' }, value: 'aws_prod_value_before_removal_01' });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    await ask(bob, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    await ask(alice, { type: 'sync-now' });

    const bobId = (await ask(alice, { type: 'members', vaultId: vault.id })).members.find((m) => m.email === bob.email)!.accountId;
    const removed = await ask(alice, { type: 'remove-member', vaultId: vault.id, accountId: bobId });
    expect(removed.keyVersion).toBe(2);
    expect(removed.members.map((m) => m.email)).toEqual([alice.email]);
    expect(removed.former.map((f) => f.email)).toEqual([bob.email]);
    expect(removed.exposed).toEqual([{ itemId: key.id, name: 'AWS prod', to: [{ email: bob.email, at: removed.former[0]!.at }] }]);
    expect(removed.vault).toMatchObject({ keyVersion: 2, exposed: 1 });

    // What Alice writes now is under a key version Bob's browser never gets; it stops syncing the vault.
    await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: 'After removal' }, value: 'written_after_bob_left_000001' });
    await ask(alice, { type: 'sync-now' });
    await ask(bob, { type: 'sync-now' });
    expect(await vaultNamed(bob, 'Infra')).toMatchObject({ unlisted: true, keyVersion: 1 });
    expect((await ask(bob, { type: 'list' })).items.map((i) => i.name)).not.toContain('After removal');

    // Rotating the exposed key at the provider (a new value here) takes it off the list.
    await ask(alice, { type: 'rotate', vaultId: vault.id, itemId: key.id, value: 'aws_prod_value_after_removal_02' });
    expect((await ask(alice, { type: 'members', vaultId: vault.id })).exposed).toEqual([]);
    expect((await ask(alice, { type: 'sync-now' })).warnings).toEqual([]);

    // Alice deletes the vault: gone from the server and her browser; Bob's copy of what he saw stays.
    expect(await ask(alice, { type: 'delete-vault', vaultId: vault.id })).toEqual({ name: 'Infra' });
    expect(await vaultNamed(alice, 'Infra')).toBeUndefined();
    expect((await ask(alice, { type: 'sync-now' })).warnings).toEqual([]);
    expect(await refused(alice, { type: 'delete-vault', vaultId: (await vaultNamed(alice, 'Personal'))!.id })).toMatchObject({ code: 'invalid-state' });
    expect(await vaultNamed(bob, 'Infra')).toMatchObject({ unlisted: true, items: 1 });
    // Bob, an editor as far as his copy of the roster says, cannot delete it; leaving drops his copy.
    expect(await refused(bob, { type: 'delete-vault', vaultId: vault.id })).toMatchObject({ code: 'forbidden' });
    await ask(bob, { type: 'leave-vault', vaultId: vault.id });
    expect((await ask(bob, { type: 'vaults' })).vaults.map((v) => v.name)).toEqual(['Personal']);
    expect((await ask(bob, { type: 'list' })).items).toEqual([]);
  });

  it('an invitation to an email without an account waits, on every device of the inviter, until that account exists and is compared', async () => {
    const alice = await signedUp('alice');
    const vault = await ask(alice, { type: 'create-vault', name: 'Later' });
    const newcomer = browser(`newcomer-${Date.now()}@example.com`);
    expect(await refused(alice, { type: 'find-person', email: newcomer.email })).toMatchObject({ code: 'not-found' });
    const waiting = await ask(alice, { type: 'invite-later', vaultId: vault.id, email: newcomer.email, role: 'viewer' });
    expect(waiting.waiting).toEqual([{ email: newcomer.email, role: 'viewer', at: expect.any(String), ready: false }]);
    expect(await refused(alice, { type: 'invite-later', vaultId: vault.id, email: newcomer.email, role: 'viewer' })).toMatchObject({ code: 'invalid-state' });
    await ask(alice, { type: 'sync-now' });

    // Alice's other browser knows of it through her team memory; nothing was shared with anyone.
    const laptop = browser(alice.email, alice.password);
    await ask(laptop, { type: 'login', server: server.base, email: alice.email, password: alice.password });
    await ask(laptop, { type: 'sync-now' });
    expect((await ask(laptop, { type: 'members', vaultId: vault.id })).waiting).toMatchObject([{ email: newcomer.email, ready: false }]);

    // The newcomer signs up: the invitation is ready, and finished only with the digits compared.
    await ask(newcomer, { type: 'signup', server: server.base, email: newcomer.email, password: newcomer.password });
    // Now that the account exists, waiting is not offered: compare and invite.
    expect((await refused(laptop, { type: 'invite-later', vaultId: vault.id, email: newcomer.email, role: 'viewer' })).message).toContain('has an account');
    expect((await ask(laptop, { type: 'members', vaultId: vault.id })).waiting).toMatchObject([{ email: newcomer.email, ready: true }]);
    const done = await ask(laptop, { type: 'invite', vaultId: vault.id, email: newcomer.email, role: 'viewer', fingerprint: await fingerprintOf(newcomer) });
    expect(done.waiting).toEqual([]);
    expect(done.members.map((m) => m.email)).toContain(newcomer.email);
    expect((await ask(newcomer, { type: 'invitations' })).invitations).toMatchObject([{ vaultId: vault.id, role: 'viewer', problem: null }]);
  });

  it('a key added and at once moved to another vault, before any sync, arrives there alone and raises no warning', async () => {
    const alice = await signedUp('alice');
    const other = await ask(alice, { type: 'create-vault', name: 'Other' });
    const personal = (await vaultNamed(alice, 'Personal'))!;
    // At several points of the sync the add set off: before it, while it pushes, after it.
    for (const delay of [0, 5, 20, 50, 100, 200, 400]) {
      const added = await ask(alice, { type: 'add', vaultId: personal.id, fields: { name: `Fresh ${delay}` }, value: `fresh_value_moved_before_sync_${delay}` });
      await new Promise((r) => setTimeout(r, delay));
      await ask(alice, { type: 'transfer-item', vaultId: personal.id, itemId: added.id, to: other.id, mode: 'move' });
    }
    const state = await ask(alice, { type: 'sync-now' });
    expect(state.warnings).toEqual([]);
    expect(state.pending).toBe(0);
    expect((await ask(alice, { type: 'list' })).items.every((i) => i.vaultId === other.id)).toBe(true);
  });

  it('a fresh browser that had to take the member list on trust says so, and trusts it once the person compared every fingerprint', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Ops' });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    await ask(bob, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    // The server drops what Bob's devices verified; his new browser cannot tell the history from a made-up one.
    await server.cluster.database.sql`update accounts set team_memory = null where email = ${bob.email}`;
    const laptop = browser(bob.email, bob.password);
    await ask(laptop, { type: 'login', server: server.base, email: bob.email, password: bob.password });
    const first = await ask(laptop, { type: 'sync-now' });
    expect(first.warnings.map((w) => [w.vault, w.reason])).toContainEqual(['Ops', 'roster-unpinned']);
    const shown = await ask(laptop, { type: 'roster-to-trust', vaultId: vault.id });
    expect(shown.members.map((m) => [m.email, m.fingerprint]).sort()).toEqual([[alice.email, await fingerprintOf(alice)], [bob.email, await fingerprintOf(bob)]].sort());
    const fingerprints = shown.members.map((m) => m.fingerprint);
    expect(await refused(laptop, { type: 'trust-roster', vaultId: vault.id, revision: shown.revision, fingerprints: [...fingerprints].reverse() })).toMatchObject({ code: 'unverified' });
    const trusted = await ask(laptop, { type: 'trust-roster', vaultId: vault.id, revision: shown.revision, fingerprints });
    expect(trusted.members.every((m) => m.verified)).toBe(true);
    expect((await ask(laptop, { type: 'state' })).warnings).toEqual([]);
  });
});
