/**
 * REVIEW PROOFS through the real `keyhaven` binary (child processes, real server).
 */
import { describe, expect, it } from 'vitest';
import { ok, cliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();

type Keys = { keys: { id: string; state: string }[] };

describe('CLI', () => {
  it('a rename from a device that has not synced since another device set the schedule keeps that schedule', async () => {
    const email = `stale-${crypto.randomUUID()}@example.com`;
    const a = cliUser();
    await ok(a, ['signup', '--server', server.base, '--email', email]);
    const b = cliUser(a.password);
    await ok(b, ['login', '--server', server.base, '--email', email]);
    await ok(a, ['vault', 'schedule', '--every', '7']);
    await ok(b, ['vault', 'rename', 'Personal', 'Main']); // b last saw the meta before the schedule was set
    await ok(a, ['sync']);
    const after = (await ok(a, ['vault', 'schedule', 'Main', '--json'])).json<{ everyDays: number | null }>();
    expect(after.everyDays).toBe(7);
  });

  it('signing-key revoke with an over-long reason is refused and the item stays readable', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['generate', '--prefix', 'whsec_', '--save', 'Orders webhook']);
    const [key] = (await ok(user, ['signing-key', 'ls', 'Orders webhook', '--json'])).json<Keys>().keys;
    const revoke = await user.run(['signing-key', 'revoke', 'Orders webhook', key!.id, '--reason', 'leaked in a log '.repeat(70)]);
    const ls = await user.run(['signing-key', 'ls', 'Orders webhook']);
    const list = await user.run(['ls']);
    // Expected: the revoke is refused (as `revoke` of an item is) and the item stays readable.
    expect({ revokeExit: revoke.code, lsExit: ls.code, lsErr: ls.stderr.trim(), listErr: list.stderr.trim() }).toEqual({ revokeExit: 2, lsExit: 0, lsErr: '', listErr: '' });
  });

  it('`run` does not hand a signing secret whose current key is revoked to the child', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['generate', '--prefix', 'whsec_', '--save', 'Orders webhook']);
    const [key] = (await ok(user, ['signing-key', 'ls', 'Orders webhook', '--json'])).json<Keys>().keys;
    await ok(user, ['signing-key', 'revoke', 'Orders webhook', key!.id, '--reason', 'leaked in a log']);
    const sign = await user.run(['sign', 'Orders webhook'], { input: 'x' });
    expect(sign.code).toBe(2); // `sign` refuses: the claim holds there
    const run = await user.run(['run', '--', process.execPath, '-e', 'process.stdout.write(process.env.ORDERS_WEBHOOK ? "PASSED:" + process.env.ORDERS_WEBHOOK.slice(0, 6) : "NOT PASSED")']);
    expect(run.stdout).toBe('NOT PASSED');
  });

  it('rotating to a pasted secret that was revoked (leaked) is refused', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'Orders webhook', '--kind', 'signing-secret'], { input: 'whsec_leaked_value_0000000000000001' });
    const payload = '{"e":1}';
    const leakedHeader = (await ok(user, ['sign', 'Orders webhook', '--json'], { input: payload })).json<{ header: string; keyId: string }>();
    await ok(user, ['signing-key', 'rotate', 'Orders webhook', '--overlap', '24']);
    await ok(user, ['signing-key', 'revoke', 'Orders webhook', leakedHeader.keyId, '--reason', 'leaked in a log']);
    expect((await user.run(['verify', 'Orders webhook', '--header', leakedHeader.header], { input: payload })).code).toBe(1);
    // Later someone pastes the old (leaked) secret back as "the new key": accepted without a word.
    const pasted = await user.run(['signing-key', 'rotate', 'Orders webhook', '--paste'], { input: 'whsec_leaked_value_0000000000000001' });
    const verify = await user.run(['verify', 'Orders webhook', '--header', leakedHeader.header], { input: payload });
    expect({ pasteRefused: pasted.code !== 0, leakedVerifies: verify.stdout.trim() }).toEqual({ pasteRefused: true, leakedVerifies: 'invalid: mismatch' });
  });
});
