import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ok, cliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
let base: string;
beforeAll(() => {
  base = server.base;
});


describe('keyhaven commands', () => {
  it('generates a webhook secret without printing it, signs a payload with it and verifies the signature', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    const printed = (await ok(user, ['generate', '--prefix', 'whsec_', '--json'])).json<{ value: string }>();
    expect(printed.value).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const saved = await ok(user, ['generate', '--prefix', 'whsec_', '--save', 'Webhook secret']);
    expect(saved.stdout).not.toMatch(/whsec_/);
    const payload = '{"event":"invoice.paid"}';
    const { header } = (await ok(user, ['sign', 'Webhook secret', '--json'], { input: payload })).json<{ header: string }>();
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect((await ok(user, ['verify', 'Webhook secret', '--header', header], { input: payload })).stdout.trim()).toMatch(/^valid \(signing key k_[0-9a-f]{8}\)$/);
    const tampered = await user.run(['verify', 'Webhook secret', '--header', header], { input: payload + ' ' });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout.trim()).toBe('invalid: mismatch');
  });

  it('rotates a webhook secret with an overlap window, and a revoked key or item neither signs nor verifies', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['generate', '--prefix', 'whsec_', '--save', 'Orders webhook']);
    const payload = '{"event":"order.paid"}';
    const sign = async () => (await ok(user, ['sign', 'Orders webhook', '--json'], { input: payload })).json<{ header: string; keyId: string }>();
    const verify = (header: string) => user.run(['verify', 'Orders webhook', '--header', header], { input: payload });
    const first = await sign();

    const rotated = (await ok(user, ['signing-key', 'rotate', 'Orders webhook', '--overlap', '2', '--json'])).json<{ keys: { id: string; state: string }[] }>();
    expect(rotated.keys.map((k) => [k.id, k.state])).toEqual([[expect.not.stringMatching(first.keyId), 'current'], [first.keyId, 'overlap']]);
    const second = await sign();
    expect(second.keyId).toBe(rotated.keys[0]!.id);
    // Both verify during the window, and each says which key matched.
    expect((await verify(first.header)).stdout.trim()).toBe(`valid (signing key ${first.keyId})`);
    expect((await verify(second.header)).stdout.trim()).toBe(`valid (signing key ${second.keyId})`);
    const listing = (await ok(user, ['signing-key', 'ls', 'Orders webhook'])).stdout;
    expect(listing).toMatch(new RegExp(`${second.keyId} .*current: signs and verifies`));
    expect(listing).toMatch(new RegExp(`${first.keyId} .*verifies until \\d{4}-`));
    expect((await ok(user, ['get', 'Orders webhook', '--reveal', '--json'])).json<{ value: string }>().value).toMatch(/^whsec_/);

    // Revoking the old key stops it at once; reactivating brings it back inside its window.
    await ok(user, ['signing-key', 'revoke', 'Orders webhook', first.keyId, '--reason', 'leaked in a log']);
    const refused = await verify(first.header);
    expect([refused.code, refused.stdout.trim()]).toEqual([1, 'invalid: mismatch']);
    await ok(user, ['signing-key', 'reactivate', 'Orders webhook', first.keyId]);
    expect((await verify(first.header)).code).toBe(0);

    // A rotation with no overlap: only the new key verifies from then on.
    await ok(user, ['signing-key', 'rotate', 'Orders webhook', '--overlap', '0']);
    const third = await sign();
    expect((await verify(second.header)).stdout.trim()).toBe('invalid: mismatch');
    expect((await verify(third.header)).code).toBe(0);

    // The whole item revoked: nothing signs, nothing verifies.
    await ok(user, ['revoke', 'Orders webhook', '--reason', 'endpoint retired']);
    const signRefused = await user.run(['sign', 'Orders webhook'], { input: payload });
    expect(signRefused.code).toBe(2);
    expect(signRefused.stderr).toMatch(/revoked \(endpoint retired\): it neither signs nor verifies/);
    expect((await verify(third.header)).stdout.trim()).toBe('invalid: no-live-key');
    const badOverlap = await user.run(['signing-key', 'rotate', 'Orders webhook', '--overlap', 'soon']);
    expect([badOverlap.code, badOverlap.stderr]).toEqual([2, expect.stringMatching(/--overlap "soon" is not a number of hours/)]);
  });

  it('scores every key and lists the ones below a health score, worst first, with the reasons', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'Fresh', '--rotate-every', '90'], { input: 'sk-fresh-value-000000000001' });
    await ok(user, ['add', '--name', 'Expired', '--expires', '2020-01-31', '--rotate-every', '90'], { input: 'sk-expired-value-0000000002' });
    await ok(user, ['add', '--name', 'Copy A', '--rotate-every', '90'], { input: 'sk-shared-value-00000000003' });
    await ok(user, ['add', '--name', 'Copy B', '--rotate-every', '90'], { input: 'sk-shared-value-00000000003' });
    type Scored = { name: string; healthScore: number; healthReasons: string[] };
    const low = (await ok(user, ['ls', '--health-below', '90', '--json'])).json<Scored[]>();
    expect(low.map((i) => [i.name, i.healthScore])).toEqual([['Expired', 40], ['Copy A', 80], ['Copy B', 80]]);
    expect(low[0]!.healthReasons[0]).toMatch(/^expired \d+ day\(s\) ago$/);
    expect(low[1]!.healthReasons).toEqual(['the same value is stored in 1 other item(s)']);
    const human = (await ok(user, ['ls', '--health-below', '50'])).stdout;
    expect(human).toMatch(/^ 40 Expired .*\n {4}expired \d+ day\(s\) ago\n$/);
    expect((await user.run(['ls', '--health-below', 'lots'])).code).toBe(2);
  });

  it('rotates a vault key on its schedule: --if-due does nothing until due, then rotates, audited; another device takes the schedule', async () => {
    const email = `sched-${crypto.randomUUID()}@example.com`;
    const a = cliUser();
    await ok(a, ['signup', '--server', base, '--email', email]);
    for (const n of [1, 2]) await ok(a, ['add', '--name', `key ${n}`], { input: `sk-schedule-test-${n}-000000` });
    type Schedule = { everyDays: number | null; due: boolean; dueAt: string | null };
    expect((await ok(a, ['vault', 'schedule', '--json'])).json<Schedule>()).toMatchObject({ everyDays: 90, due: false });
    expect((await ok(a, ['vault', 'rotate-key', '--if-due', '--json'])).json<{ rotated: boolean }>()).toMatchObject({ rotated: false });
    await ok(a, ['vault', 'schedule', '--every', '30']);

    // The key version is made to look 31 days old, as a cron job would find it a month later.
    const file = join(a.home, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.vaults[0].keyring.keys[0].createdAt = new Date(Date.now() - 31 * 86_400_000).toISOString();
    writeFileSync(file, JSON.stringify(state));
    expect((await ok(a, ['vault', 'schedule', '--json'])).json<Schedule>()).toMatchObject({ everyDays: 30, due: true });
    const rotated = (await ok(a, ['vault', 'rotate-key', '--if-due', '--json'])).json<{ rotated: boolean; toVersion: number; rewrapped: number }>();
    expect(rotated).toMatchObject({ rotated: true, toVersion: 2, rewrapped: 2 });
    expect((await ok(a, ['vault', 'rotate-key', '--if-due', '--json'])).json<{ rotated: boolean }>()).toMatchObject({ rotated: false });

    const audit = (await ok(a, ['audit', '--json'])).json<{ entries: { action: string; detail: { phase?: string } | null }[] }>();
    expect(audit.entries.filter((e) => e.action === 'vault.key-rotate').map((e) => e.detail?.phase)).toEqual(['start', 'done']);

    // The schedule is sealed in the vault's meta: a second device reads it, and a rename keeps it.
    const b = cliUser(a.password);
    await ok(b, ['login', '--server', base, '--email', email]);
    await ok(b, ['vault', 'rename', 'Personal', 'Main']);
    await ok(a, ['sync']);
    expect((await ok(a, ['vault', 'schedule', 'Main', '--json'])).json<Schedule>()).toMatchObject({ everyDays: 30, due: false });
    await ok(b, ['vault', 'schedule', '--never']);
    await ok(a, ['sync']);
    expect((await ok(a, ['vault', 'schedule', '--json'])).json<Schedule>()).toMatchObject({ everyDays: null, dueAt: null });
    expect((await a.run(['vault', 'schedule', '--every', '0'])).code).toBe(2);
  });

  it('imports a messy .env file and reports what it skipped', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    const file = join(user.home, '..', 'prod.env');
    writeFileSync(file, '# prod\r\nexport STRIPE_KEY="sk_live_from_env_file"\r\nEMPTY=\r\nnot a line\r\nSTRIPE_KEY=sk_live_later_wins\r\n');
    const report = (await ok(user, ['import', file, '--env', 'production', '--json'])).json<{ imported: number; skipped: { reason: string }[] }>();
    expect(report.imported).toBe(1);
    expect(report.skipped.map((s) => s.reason)).toEqual(['not a KEY=value line', 'STRIPE_KEY is defined again later; the later value was kept', 'empty value']);
    const item = (await ok(user, ['get', 'STRIPE_KEY', '--reveal', '--json'])).json<{ value: string; environment: string }>();
    expect(item).toMatchObject({ value: 'sk_live_later_wins', environment: 'production' });
    const again = (await ok(user, ['import', file, '--json'])).json<{ imported: number }>();
    expect(again.imported).toBe(0); // importing the same file twice does not duplicate
  });

  it('rotates a vault key: every item re-wrapped, and another device still reads them', async () => {
    const email = `rot-${crypto.randomUUID()}@example.com`;
    const a = cliUser();
    await ok(a, ['signup', '--server', base, '--email', email]);
    for (const n of [1, 2, 3]) await ok(a, ['add', '--name', `key ${n}`], { input: `sk-rotation-test-${n}-0000000` });
    const b = cliUser(a.password);
    await ok(b, ['login', '--server', base, '--email', email]);
    const rotated = (await ok(a, ['vault', 'rotate-key', '--json'])).json<{ toVersion: number; rewrapped: number }>();
    expect(rotated).toMatchObject({ toVersion: 2, rewrapped: 3 });
    await ok(b, ['sync']);
    const vaults = (await ok(b, ['vault', 'ls', '--json'])).json<{ keyVersion: number; items: number }[]>();
    expect(vaults[0]).toMatchObject({ keyVersion: 2, items: 3 });
    expect((await ok(b, ['get', 'key 2', '--reveal', '--json'])).json<{ value: string }>().value).toBe('sk-rotation-test-2-0000000');
  });

  it('changes the password: the old one stops working here and on the server', async () => {
    const email = `pw-${crypto.randomUUID()}@example.com`;
    const user = cliUser('first password, long enough');
    await ok(user, ['signup', '--server', base, '--email', email]);
    await ok(user, ['add', '--name', 'Kept'], { input: 'sk-kept-across-password-change' });
    await ok(user, ['passwd'], { env: { KEYHAVEN_NEW_PASSWORD: 'second password, longer still' } });
    expect((await user.run(['ls'])).code).toBe(3);
    const fresh = cliUser('second password, longer still');
    await ok(fresh, ['login', '--server', base, '--email', email]);
    expect((await ok(fresh, ['get', 'Kept', '--reveal', '--json'])).json<{ value: string }>().value).toBe('sk-kept-across-password-change');
    const old = cliUser('first password, long enough');
    expect((await old.run(['login', '--server', base, '--email', email])).code).toBe(3);
  });

  it('after a password change on another device, keeps what this one wrote, says how to sign in again, and takes the new password', async () => {
    const email = `pw-other-${crypto.randomUUID()}@example.com`;
    const laptop = cliUser('first password, long enough');
    await ok(laptop, ['signup', '--server', base, '--email', email]);
    const phone = cliUser('first password, long enough');
    await ok(phone, ['login', '--server', base, '--email', email]);
    const tablet = cliUser('first password, long enough');
    await ok(tablet, ['login', '--server', base, '--email', email]);
    await ok(laptop, ['passwd'], { env: { KEYHAVEN_NEW_PASSWORD: 'second password, longer still' } });
    // Any command takes the current password too: the server's record replaces the local one.
    await ok(tablet, ['sync'], { env: { KEYHAVEN_PASSWORD: 'second password, longer still' } });
    expect((await tablet.run(['ls'])).code).toBe(3);

    // The phone still opens with the old password locally, writes, and learns at its next contact.
    const added = await phone.run(['add', '--name', 'Written on the phone'], { input: 'sk-phone-queued-0000000001' });
    expect(added.stderr).toMatch(/saved locally; the server ended this device's session.*\d+ change\(s\) waiting/);
    const refused = await phone.run(['sync']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/keyhaven login.*nothing queued here is lost/);

    // `login` in its home signs the same device in again with the current password, and the write syncs.
    const again = await phone.run(['login', '--server', base, '--email', email, '--json'], { env: { KEYHAVEN_PASSWORD: 'second password, longer still' } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json<{ again: boolean; sync: { pushed: number } }>()).toMatchObject({ again: true, sync: { pushed: 1 } });
    expect((await phone.run(['ls'])).code).toBe(3); // the old password no longer opens the phone's home
    const newLaptop = { env: { KEYHAVEN_PASSWORD: 'second password, longer still' } };
    await ok(laptop, ['sync'], newLaptop);
    expect((await ok(laptop, ['get', 'Written on the phone', '--reveal', '--json'], newLaptop)).json<{ value: string }>().value).toBe('sk-phone-queued-0000000001');
    expect((await ok(laptop, ['devices', '--json'], newLaptop)).json<unknown[]>()).toHaveLength(3); // the same devices, none added
  });

  it('rotates the account key: this home and the server move to version 2, another device signs in again and reads everything', async () => {
    const email = `akr-${crypto.randomUUID()}@example.com`;
    const laptop = cliUser('account key rotation password');
    await ok(laptop, ['signup', '--server', base, '--email', email]);
    await ok(laptop, ['add', '--name', 'Before rotation'], { input: 'sk-before-account-rotation-01' });
    const phone = cliUser('account key rotation password');
    await ok(phone, ['login', '--server', base, '--email', email]);

    const rotated = (await ok(laptop, ['rotate-account-key', '--json'])).json<{ keyVersion: number; moved: number }>();
    expect(rotated.keyVersion).toBe(2);
    expect(rotated.moved).toBeGreaterThanOrEqual(1); // the vault's key entry, and the team memory once a sync wrote one
    const home = JSON.parse(readFileSync(join(laptop.home, 'state.json'), 'utf8')) as { account: { keyVersion: number; previous: unknown[] } };
    expect(home.account).toMatchObject({ keyVersion: 2, previous: [expect.objectContaining({ keyVersion: 1 })] });
    await ok(laptop, ['add', '--name', 'After rotation'], { input: 'sk-after-account-rotation-002' });

    // The phone's session ended with the rotation; signed in again, it takes the new key and reads both.
    expect((await phone.run(['sync'])).stderr).toMatch(/keyhaven login/);
    await ok(phone, ['login', '--server', base, '--email', email]);
    expect((await ok(phone, ['get', 'After rotation', '--reveal', '--json'])).json<{ value: string }>().value).toBe('sk-after-account-rotation-002');
    expect((await ok(phone, ['get', 'Before rotation', '--reveal', '--json'])).json<{ value: string }>().value).toBe('sk-before-account-rotation-01');
    const audit = (await ok(laptop, ['audit', '--json'])).json<{ entries: { action: string; detail: { phase?: string; scope?: string } | null }[] }>();
    expect(audit.entries.filter((e) => e.detail?.scope === 'account-key').map((e) => e.detail!.phase).sort()).toEqual(['done', 'published', 'start']);
  });

  it('lists devices and revokes one, whose session then ends', async () => {
    const email = `dev-${crypto.randomUUID()}@example.com`;
    const a = cliUser();
    await ok(a, ['signup', '--server', base, '--email', email, '--device-name', 'laptop']);
    const b = cliUser(a.password);
    await ok(b, ['login', '--server', base, '--email', email, '--device-name', 'old phone']);
    const devices = (await ok(a, ['devices', '--json'])).json<{ id: string; name: string; current: boolean }[]>();
    expect(devices.map((d) => [d.name, d.current])).toEqual([['laptop', true], ['old phone', false]]);
    await ok(a, ['devices', 'revoke', devices[1]!.id.slice(0, 8)]);
    const refused = await b.run(['sync']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/revoked/);
  });
});

describe('keyhaven with damaged local data', () => {
  it('keeps a sealed summary index in the state file, with no value or note in the clear, and finds keys by name from it', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'KEY_10', '--notes', 'rotate-me-on-monday'], { input: 'sk-live-ten-0000000000000000' });
    await ok(user, ['add', '--name', 'KEY_9'], { input: 'sk-live-nine-000000000000000' });
    expect((await ok(user, ['ls', '--json'])).json<{ name: string }[]>().map((i) => i.name)).toEqual(['KEY_9', 'KEY_10']);
    const text = readFileSync(join(user.home, 'state.json'), 'utf8');
    expect(JSON.parse(text).sync.summaries).toBeDefined();
    for (const secret of ['sk-live-ten-0000000000000000', 'sk-live-nine-000000000000000', 'rotate-me-on-monday', 'KEY_10']) expect(text).not.toContain(secret);
    expect((await ok(user, ['get', 'KEY_10', '--reveal', '--json'])).json<{ name: string; value: string }>()).toMatchObject({ name: 'KEY_10', value: 'sk-live-ten-0000000000000000' });
    // A command that only reads leaves the state file as it was (not rewritten: the same file, untouched).
    const before = statSync(join(user.home, 'state.json'));
    await ok(user, ['ls']);
    await ok(user, ['get', 'KEY_9', '--json']);
    const after = statSync(join(user.home, 'state.json'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    await ok(user, ['add', '--name', 'KEY_11'], { input: 'sk-live-eleven-0000000000000' });
    expect(statSync(join(user.home, 'state.json')).ino).not.toBe(before.ino);
  });

  it('lists the rest of the vault when one stored item was tampered with, and says so', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    for (const name of ['alpha', 'beta', 'gamma']) await ok(user, ['add', '--name', name], { input: `sk-${name}-value-0000000000` });
    const file = join(user.home, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    const target = state.sync.items[1];
    const envelope = JSON.parse(target.pending.blob);
    envelope.data = envelope.data.slice(0, 30) + (envelope.data[30] === 'A' ? 'B' : 'A') + envelope.data.slice(31);
    target.pending.blob = JSON.stringify(envelope);
    writeFileSync(file, JSON.stringify(state));
    const res = await ok(user, ['ls', '--json']);
    expect(res.json<{ name: string }[]>()).toHaveLength(2);
    expect(res.stderr).toMatch(/1 item\(s\) could not be decrypted/);
  });

  it('rotates the vault key around an item whose stored blob is not even JSON, leaving it as it was', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    for (const name of ['one', 'two', 'three']) await ok(user, ['add', '--name', name], { input: `sk-${name}-rotate-around-000000` });
    const file = join(user.home, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.sync.items[0].pending.blob = 'not an envelope at all';
    writeFileSync(file, JSON.stringify(state));
    const rotated = (await ok(user, ['vault', 'rotate-key', '--json'])).json<{ toVersion: number; rewrapped: number }>();
    expect(rotated).toEqual({ vault: 'Personal', rotated: true, toVersion: 2, rewrapped: 2 });
    const listed = await ok(user, ['ls', '--json']);
    expect(listed.json<unknown[]>()).toHaveLength(2);
    expect(listed.stderr).toMatch(/1 item\(s\) could not be decrypted/);
  });

  it('refuses a state file that is not one, with a clear message instead of a crash', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    const made = JSON.parse(readFileSync(join(user.home, 'state.json'), 'utf8')) as { sync: { items: unknown[] } };
    writeFileSync(join(user.home, 'state.json'), '{"v": 1, "truncated');
    const res = await user.run(['ls']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^keyhaven: .*state\.json cannot be read/);
    writeFileSync(join(user.home, 'state.json'), JSON.stringify({ v: 1, vaults: 'none' }));
    const shape = await user.run(['ls']);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(/^keyhaven: .*state\.json is malformed/);
    // The account record is whole (the password's key is derived from it while the rest is checked),
    // an item is not: the file is refused as damaged, whatever the password would have said.
    writeFileSync(join(user.home, 'state.json'), JSON.stringify({ ...made, sync: { ...made.sync, items: [{ itemId: 42 }] } }));
    for (const password of [user.password, 'not the password at all']) {
      const damaged = await user.run(['ls'], { env: { KEYHAVEN_PASSWORD: password } });
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toMatch(/^keyhaven: .*state\.json is malformed/);
    }
  });
});
