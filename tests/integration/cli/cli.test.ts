import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/server.js';
import { ok, cliUser, type CliUser } from '../../support/cli.js';
import { testConfig, testDatabase, useCluster } from '../../support/server.js';

const server = useCluster();
let base: string;
beforeAll(() => {
  base = server.base;
});

const email = () => `cli-${crypto.randomUUID()}@example.com`;
type Item = { id: string; name: string; provider: string; status: string; masked: string; environment: string; value?: string; health: string[] };


async function account(count: number, options: { viaBin?: boolean } = {}) {
  const address = email();
  const first = cliUser(undefined, options);
  await ok(first, ['signup', '--server', base, '--email', address]);
  const others: CliUser[] = [];
  for (let i = 1; i < count; i++) {
    const other = cliUser(first.password);
    await ok(other, ['login', '--server', base, '--email', address]);
    others.push(other);
  }
  return [first, ...others];
}

const listing = async (user: CliUser) => (await ok(user, ['ls', '--json'])).json<Item[]>().map(({ name, provider, status, environment, masked }) => ({ name, provider, status, environment, masked }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('keyhaven CLI', () => {
  it('converges three devices after concurrent adds, edits, rotations, revocations and deletes', async () => {
    // Device A runs `keyhaven` as `npx keyhaven` does (cli/bin.js through tsx); the others the built command.
    const [a, b, c] = await account(3, { viaBin: true });
    await Promise.all([
      ok(a!, ['add', '--name', 'OpenAI', '--provider', 'openai'], 'sk-proj-aaaaaaaaaaaaaaaaaaaa'),
      ok(b!, ['add', '--name', 'Stripe', '--provider', 'stripe'], 'sk_test_bbbbbbbbbbbbbbbbbbbb'),
      ok(c!, ['add', '--name', 'GitHub', '--provider', 'github'], 'ghp_cccccccccccccccccccccccc'),
    ]);
    for (const user of [a!, b!, c!]) await ok(user, ['sync']);
    await Promise.all([ok(a!, ['rotate', 'Stripe', '--reason', 'scheduled'], 'sk_test_rotated_by_a_000000'), ok(b!, ['revoke', 'GitHub', '--reason', 'leaked'])]);
    // C edits OpenAI after B's last sync, then B deletes it: a delete moves it to the Trash (an edit
    // of its own), so the two merge: the key is in the Trash on every device, with C's edit in it.
    await ok(c!, ['edit', 'OpenAI', '--env', 'production']);
    const deleted = await ok(b!, ['rm', 'OpenAI', '--json']);
    expect(deleted.json()).toMatchObject({ name: 'OpenAI', trashed: true });
    for (const user of [a!, b!, c!, a!, b!]) await ok(user, ['sync']);
    for (const user of [a!, b!, c!]) expect((await ok(user, ['trash', 'ls', '--json'])).json()).toEqual([expect.objectContaining({ name: 'OpenAI', environment: 'production', daysLeft: 30 })]);
    const [la, lb, lc] = await Promise.all([listing(a!), listing(b!), listing(c!)]);
    expect(lb).toEqual(la);
    expect(lc).toEqual(la);
    expect(la.map((i) => [i.name, i.status, i.environment])).toEqual([
      ['GitHub', 'revoked', ''],
      ['Stripe', 'active', ''],
    ]);
    const stripe = (await ok(c!, ['get', 'Stripe', '--reveal', '--json'])).json<Item>();
    expect(stripe.value).toBe('sk_test_rotated_by_a_000000');
  });

  it('keeps both values when two devices rotate the same key at once', async () => {
    const [a, b] = await account(2);
    await ok(a!, ['add', '--name', 'Shared'], 'sk-original-value-0000');
    await ok(b!, ['sync']);
    await ok(a!, ['rotate', 'Shared'], 'sk-from-device-a-1111');
    const second = await ok(b!, ['rotate', 'Shared'], 'sk-from-device-b-2222');
    expect(second.stdout).toContain('Rotated');
    await ok(a!, ['sync']);
    for (const user of [a!, b!]) {
      const item = (await ok(user, ['get', 'Shared', '--reveal', '--json'])).json<Item>();
      expect(item.value).toBe('sk-from-device-b-2222');
    }
    const stateA = readFileSync(join(a!.home, 'state.json'), 'utf8');
    expect(stateA).not.toContain('sk-from-device-a-1111'); // history is inside the ciphertext, not beside it
    const exported = join(a!.home, '..', 'backup.json');
    await ok(a!, ['export', '--out', exported]);
    const fresh = cliUser(a!.password);
    await ok(fresh, ['init']);
    await ok(fresh, ['import', exported]);
    const restored = (await ok(fresh, ['get', 'Shared', '--reveal', '--json'])).json<Item>();
    expect(restored.value).toBe('sk-from-device-b-2222');
  });

  it('keeps an edit made while the server is down and delivers it when the server returns', async () => {
    const db = await testDatabase();
    const database = await db.open();
    const port = await freePort();
    let running = await startServer(testConfig({ port, logLevel: 'silent' }), { database });
    try {
      const address = email();
      const a = cliUser();
      await ok(a, ['signup', '--server', running.url, '--email', address]);
      await running.close();
      const offline = await ok(a, ['add', '--name', 'Written offline'], 'sk-written-while-offline');
      expect(offline.stderr).toMatch(/server is unreachable, \d+ change\(s\) waiting/);
      expect((await ok(a, ['status', '--json'])).json<{ pending: number }>().pending).toBeGreaterThan(0);
      const failed = await a.run(['sync']);
      expect(failed.code).toBe(5);

      running = await startServer(testConfig({ port, logLevel: 'silent' }), { database });
      await ok(a, ['sync']);
      expect((await ok(a, ['status', '--json'])).json<{ pending: number }>().pending).toBe(0);
      const b = cliUser(a.password);
      await ok(b, ['login', '--server', running.url, '--email', address]);
      expect((await listing(b)).map((i) => i.name)).toEqual(['Written offline']);
    } finally {
      await running.close();
      await database.close();
      await db.drop();
    }
  });

  it('reports a server that serves an older revision than one already seen, and keeps the newer one', async () => {
    const [a, b] = await account(2);
    await ok(a!, ['add', '--name', 'Rolled'], 'sk-version-one-000000');
    const [row] = await server.cluster.database.sql<{ vault_id: string; id: string; blob: string }[]>`
      select i.vault_id, i.id, i.blob from items i join vault_members m on m.vault_id = i.vault_id
      join accounts ac on ac.id = m.account_id order by i.updated_at desc limit 1`;
    await ok(a!, ['rotate', 'Rolled'], 'sk-version-two-000000');
    await ok(b!, ['sync']);
    await server.cluster.database.sql`update items set revision = 1, blob = ${row!.blob}, seq = seq + 1 where vault_id = ${row!.vault_id} and id = ${row!.id}`;
    await server.cluster.database.sql`update vaults set item_seq = item_seq + 1 where id = ${row!.vault_id}`;
    const sync = (await ok(b!, ['sync', '--json'])).json<{ events: { type: string }[] }>();
    expect(sync.events.map((e) => e.type)).toContain('rollback');
    expect((await ok(b!, ['get', 'Rolled', '--reveal', '--json'])).json<Item>().value).toBe('sk-version-two-000000');
  });

  it('runs a command with the keys in its environment and writes none of them to disk', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'OpenAI prod key'], 'sk-proj-never-on-disk-1234567890');
    await ok(user, ['add', '--name', 'old key'], 'sk-revoked-0000000000000');
    await ok(user, ['revoke', 'old key', '--reason', 'rotated out']);
    const res = await ok(user, ['run', '--as', 'OpenAI prod key=OPENAI_API_KEY', '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify([process.env.OPENAI_API_KEY, process.env.OLD_KEY ?? null]))']);
    expect(JSON.parse(res.stdout)).toEqual(['sk-proj-never-on-disk-1234567890', null]);
    expect(res.stderr).toContain('not passing "old key": it is revoked');
    for (const file of filesUnder(user.home)) expect(readFileSync(file, 'utf8')).not.toContain('never-on-disk');
    const exit = await user.run(['run', '--', process.execPath, '-e', 'process.exit(7)']);
    expect(exit.code).toBe(7);
    // KeyHaven's own secrets are not handed on: the password and a backup password stay with keyhaven.
    const inherited = await user.run(['run', '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(Object.keys(process.env).filter((k) => k.startsWith("KEYHAVEN_")).sort()))'], {
      env: { KEYHAVEN_BACKUP_PASSWORD: 'backup secret', KEYHAVEN_FUTURE_SECRET: 'x' },
    });
    expect(JSON.parse(inherited.stdout)).toEqual(['KEYHAVEN_HOME']);
  });

  it('lets two commands work on one home at once without losing either write', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await Promise.all([ok(user, ['add', '--name', 'first'], 'value-number-one-0000'), ok(user, ['add', '--name', 'second'], 'value-number-two-0000')]);
    expect((await listing(user)).map((i) => i.name).sort()).toEqual(['first', 'second']);
  });

  it('uploads a local-only vault at signup, and another device then sees it', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'Made offline first', '--tag', 'local'], 'sk-local-first-00000000');
    const address = email();
    await ok(user, ['signup', '--server', base, '--email', address]);
    const other = cliUser(user.password);
    await ok(other, ['login', '--server', base, '--email', address]);
    expect((await listing(other)).map((i) => i.name)).toEqual(['Made offline first']);
    const audit = (await ok(other, ['audit', '--verify', '--json'])).json<{ verification: { ok: boolean }; entries: { action: string }[] }>();
    expect(audit.verification.ok).toBe(true);
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['vault.create', 'item.create']));
  });

  it('answers a wrong password with exit code 3 and one line on stderr', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    const res = await user.run(['ls'], { env: { KEYHAVEN_PASSWORD: 'not the password' } });
    expect(res.code).toBe(3);
    expect(res.stderr.trim()).toBe('keyhaven: wrong password for this account');
    const json = await user.run(['ls', '--json'], { env: { KEYHAVEN_PASSWORD: 'not the password' } });
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'wrong-password', message: 'wrong password for this account' } });
  });

  it('prints the documented JSON shapes', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'Documented', '--provider', 'resend'], 're_documented_value_1234');
    const [item] = (await ok(user, ['ls', '--json'])).json<Record<string, unknown>[]>();
    const docs = readFileSync(join(import.meta.dirname, '../../../docs/cli.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### Item JSON'), docs.indexOf('###', docs.indexOf('### Item JSON') + 4));
    const fields = [...section.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]);
    expect(fields.length).toBeGreaterThan(15);
    expect(Object.keys(item!).sort()).toEqual(fields.filter((f) => f !== 'value').sort());
    const revealed = (await ok(user, ['get', 'Documented', '--reveal', '--json'])).json<Record<string, unknown>>();
    expect(revealed).toMatchObject({ name: 'Documented', provider: 'resend', status: 'active', value: 're_documented_value_1234' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
