/**
 * Team vaults through the real `keyhaven` command, three people against a real server: compare
 * fingerprints, invite, accept, read and write by role, and a membership the server changed behind
 * the admins' backs is a warning (exit 7) on every member's next sync.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ok, cliUser, type CliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;


interface Person {
  cli: CliUser;
  email: string;
  fingerprint: string;
  accountId: string;
}

async function person(name: string): Promise<Person> {
  const cli = cliUser();
  const email = `${name}-${crypto.randomUUID()}@example.com`;
  await ok(cli, ['signup', '--server', server.base, '--email', email]);
  const me = (await ok(cli, ['whoami', '--json'])).json<{ fingerprint: string; accountId: string }>();
  expect(me.fingerprint).toMatch(/^(\d{5} ){5}\d{5}$/);
  return { cli, email, fingerprint: me.fingerprint, accountId: me.accountId };
}

let alice: Person;
let bob: Person;
let carol: Person;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([person('alice'), person('bob'), person('carol')]);
  await ok(alice.cli, ['vault', 'create', 'Payments']);
  await ok(alice.cli, ['add', '--vault', 'Payments', '--name', 'Stripe live', '--provider', 'stripe'], 'sk_live_team_000000000000001');
}, 60_000);

describe('keyhaven team vaults', () => {
  it('refuses to invite before the fingerprint is compared, and says which digits to compare', async () => {
    const res = await alice.cli.run(['vault', 'invite', bob.email, '--vault', 'Payments']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(bob.fingerprint);
    const wrong = await alice.cli.run(['vault', 'invite', bob.email, '--vault', 'Payments', '--fingerprint', carol.fingerprint]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('not confirmed');
  });

  it('shares a vault: invite, accept after comparing, read and write; a viewer may only read', async () => {
    await ok(alice.cli, ['vault', 'invite', bob.email, '--vault', 'Payments', '--role', 'editor', '--fingerprint', bob.fingerprint]);
    const waiting = (await ok(bob.cli, ['vault', 'invitations', '--json'])).json<{ name: string; from: string; fingerprint: string; problem: null }[]>();
    expect(waiting).toEqual([expect.objectContaining({ name: 'Payments', from: alice.email, fingerprint: alice.fingerprint, problem: null })]);
    await ok(bob.cli, ['vault', 'accept', 'Payments', '--fingerprint', alice.fingerprint]);
    const got = await ok(bob.cli, ['get', 'Stripe live', '--vault', 'Payments', '--reveal', '--json']);
    expect(got.json()).toMatchObject({ value: 'sk_live_team_000000000000001' });
    await ok(bob.cli, ['add', '--vault', 'Payments', '--name', 'Resend', '--provider', 'resend'], 're_team_from_bob_0000000001');
    const bobs = (await ok(alice.cli, ['audit', '--vault', 'Payments', '--member', bob.email, '--json'])).json<{ entries: { action: string; account: string }[] }>();
    expect(bobs.entries.filter((e) => e.action === 'item.create')).toEqual([expect.objectContaining({ account: bob.accountId })]);
    expect(bobs.entries.every((e) => e.account === bob.accountId)).toBe(true);

    await ok(alice.cli, ['vault', 'invite', carol.email, '--vault', 'Payments', '--role', 'viewer', '--fingerprint', carol.fingerprint]);
    await ok(carol.cli, ['vault', 'accept', 'Payments', '--fingerprint', alice.fingerprint]);
    const seen = (await ok(carol.cli, ['ls', '--vault', 'Payments', '--json'])).json<{ name: string }[]>();
    expect(seen.map((i) => i.name).sort()).toEqual(['Resend', 'Stripe live']);
    const refused = await carol.cli.run(['add', '--vault', 'Payments', '--name', 'Nope'], { input: 'sk_test_viewer_write_00000001' });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('only editors and admins');

    // An invitation to an email without an account waits, and `vault members` says so on another admin device too.
    const nobody = `nobody-${Date.now()}@example.com`;
    expect((await ok(alice.cli, ['vault', 'invite', nobody, '--vault', 'Payments', '--role', 'viewer'])).stdout).toContain(`No account uses ${nobody} yet`);
    const listed = (await ok(alice.cli, ['vault', 'members', 'Payments', '--json'])).json<{ waiting: { email: string; ready: boolean }[] }>();
    expect(listed.waiting).toEqual([expect.objectContaining({ email: nobody, ready: false })]);

    const members = (await ok(bob.cli, ['vault', 'members', 'Payments', '--json'])).json<{ members: { email: string; role: string; fingerprint: string }[]; warnings: string[] }>();
    expect(members.warnings).toEqual([]);
    expect(members.members.map(({ email, role, fingerprint }) => ({ email, role, fingerprint })).sort((a, b) => a.email.localeCompare(b.email))).toEqual(
      [alice, bob, carol].map((p, i) => ({ email: p.email, role: ['admin', 'editor', 'viewer'][i], fingerprint: p.fingerprint })).sort((a, b) => a.email.localeCompare(b.email)),
    );

    // Bob's laptop, signed in later, has the vault without an invitation of its own.
    const laptop = cliUser(bob.cli.password);
    await ok(laptop, ['login', '--server', server.base, '--email', bob.email]);
    await ok(laptop, ['sync']);
    const onLaptop = (await ok(laptop, ['ls', '--vault', 'Payments', '--json'])).json<{ name: string }[]>();
    expect(onLaptop.map((i) => i.name).sort()).toEqual(['Resend', 'Stripe live']);
  });

  it('warns every member when the server raises a role behind the admins’ backs', async () => {
    // The vault Carol shares with Alice (each of them also has a personal vault of their own).
    const [vault] = await sql()<{ vault_id: string }[]>`
      select c.vault_id from vault_members c join vault_members a on a.vault_id = c.vault_id and a.account_id = ${alice.accountId}
      where c.account_id = ${carol.accountId} and c.status = 'active'`;
    expect(vault).toBeDefined();
    await sql()`update vault_members set role = 'admin' where vault_id = ${vault!.vault_id} and account_id = ${carol.accountId}`;
    try {
      for (const p of [alice, bob]) {
        const res = await p.cli.run(['sync']);
        expect(res.code, res.stderr).toBe(7);
        expect(res.stdout).toContain(`the server gives ${carol.email} the role admin; the signed roster says viewer`);
      }
    } finally {
      await sql()`update vault_members set role = 'viewer' where vault_id = ${vault!.vault_id} and account_id = ${carol.accountId}`;
    }
    await ok(alice.cli, ['sync']);
  });

  it('removes a member: access ends, the key is rotated for the rest, and what they could read is listed until rotated', async () => {
    const removed = (await ok(alice.cli, ['vault', 'remove', bob.email, '--vault', 'Payments', '--json'])).json<{ keyVersion: number; exposed: { name: string }[] }>();
    expect(removed.keyVersion).toBe(2);
    expect(removed.exposed.map((e) => e.name).sort()).toEqual(['Resend', 'Stripe live']);

    await ok(alice.cli, ['add', '--vault', 'Payments', '--name', 'After removal', '--provider', 'openai'], 'sk-proj-after-removal-000000001');
    const [row] = await sql()<{ blob: string }[]>`
      select i.blob from items i join vault_members m on m.vault_id = i.vault_id and m.account_id = ${carol.accountId}
      join vault_members a on a.vault_id = i.vault_id and a.account_id = ${alice.accountId} order by i.seq desc limit 1`;
    expect(JSON.parse(row!.blob).kv).toBe(2);

    // Carol, a viewer, gets version 2 from her share at her next sync and reads the new key; she sees the same exposed list.
    await ok(carol.cli, ['sync']);
    const carolSees = (await ok(carol.cli, ['ls', '--vault', 'Payments', '--exposed', '--json'])).json<{ name: string; exposedTo: string[] }[]>();
    expect(carolSees).toEqual([expect.objectContaining({ name: 'Resend', exposedTo: [bob.email] }), expect.objectContaining({ name: 'Stripe live', exposedTo: [bob.email] })]);
    expect((await ok(carol.cli, ['get', 'After removal', '--vault', 'Payments', '--reveal', '--json'])).json()).toMatchObject({ value: 'sk-proj-after-removal-000000001' });

    // Bob's client is told, keeps its copy of what it saw, and can drop it.
    const bobSync = await ok(bob.cli, ['sync']);
    expect(bobSync.stderr).toContain('no longer lists vault "Payments"');
    await ok(bob.cli, ['vault', 'leave', 'Payments']);
    expect((await ok(bob.cli, ['vault', 'ls', '--json'])).json<{ name: string }[]>().map((v) => v.name)).not.toContain('Payments');

    await ok(alice.cli, ['rotate', 'Stripe live', '--vault', 'Payments'], 'sk_live_rotated_after_removal_01');
    // An admin renames the vault; a viewer may not, and the server says so.
    await ok(alice.cli, ['vault', 'rename', 'Payments', 'Payments EU']);
    const viewerRename = await carol.cli.run(['vault', 'rename', 'Payments', 'Mine now']);
    expect(viewerRename.code).not.toBe(0);
    await ok(carol.cli, ['sync']);
    expect((await ok(carol.cli, ['vault', 'ls', '--json'])).json<{ name: string }[]>().map((v) => v.name)).toContain('Payments EU');
    const left = (await ok(alice.cli, ['ls', '--vault', 'Payments EU', '--exposed', '--json'])).json<{ name: string }[]>();
    expect(left.map((i) => i.name)).toEqual(['Resend']);

    // After comparing fingerprints, a member can trust the list as the server's history gives it (here: unchanged).
    const trusted = (await ok(carol.cli, ['vault', 'trust', 'Payments EU', '--yes', '--json'])).json<{ revision: number; members: { email: string }[] }>();
    expect(trusted.members.map((m) => m.email).sort()).toEqual([alice.email, carol.email].sort());
    expect((await carol.cli.run(['vault', 'trust', 'Payments EU'])).stderr).toContain('pass --yes');
    // Only an admin deletes a vault, and only with --yes in a script; a member's copy stays on their device.
    expect((await carol.cli.run(['vault', 'delete', 'Payments EU', '--yes'])).stderr).toContain('only an admin');
    expect((await alice.cli.run(['vault', 'delete', 'Payments EU'])).stderr).toContain('pass --yes');
    await ok(alice.cli, ['vault', 'delete', 'Payments EU', '--yes']);
    expect((await ok(alice.cli, ['vault', 'ls', '--json'])).json<{ name: string }[]>().map((v) => v.name)).not.toContain('Payments EU');
    expect((await ok(carol.cli, ['sync'])).stderr).toContain('no longer lists vault "Payments EU"');
  });
});
