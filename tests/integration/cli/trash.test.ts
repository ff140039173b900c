/**
 * The Trash from the command line (cli/actions/trash.ts), in a local vault: `rm` moves a key there,
 * every command that hands keys out stops seeing it, `trash restore` brings back the same key, and
 * `trash purge` deletes for good only when confirmed.
 */
import { describe, expect, it } from 'vitest';
import { ok, cliUser } from '../../support/cli.js';

type Listed = { id: string; name: string };
type Trashed = Listed & { daysLeft: number; trashedAt: string };

describe('keyhaven trash', () => {
  it('rm moves a key to the Trash, out of ls, get and run; restore brings back the same key with its current value', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'OpenAI prod', '--provider', 'openai'], 'sk-proj-first-value-000000');
    await ok(user, ['rotate', 'OpenAI prod', '--reason', 'scheduled'], 'sk-proj-second-value-11111');
    await ok(user, ['add', '--name', 'STRIPE_KEY'], 'sk_test_kept_value_2222222');
    const id = (await ok(user, ['ls', '--json'])).json<Listed[]>().find((i) => i.name === 'OpenAI prod')!.id;

    const moved = await ok(user, ['rm', 'OpenAI prod']);
    expect(moved.stdout).toContain('Moved "OpenAI prod" to the Trash; it is deleted for good in 30 days');
    expect((await ok(user, ['ls', '--json'])).json<Listed[]>().map((i) => i.name)).toEqual(['STRIPE_KEY']);
    const get = await user.run(['get', 'OpenAI prod', '--reveal']);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toContain('"OpenAI prod" is in the Trash');
    expect(get.stdout).not.toContain('sk-proj');
    const run = await ok(user, ['run', '--', process.execPath, '-e', 'console.log(Object.keys(process.env).filter((k) => k.startsWith("OPENAI") || k.startsWith("STRIPE")).join(","))']);
    expect(run.stdout.trim()).toBe('STRIPE_KEY');

    const listed = (await ok(user, ['trash', 'ls', '--json'])).json<Trashed[]>();
    expect(listed).toEqual([expect.objectContaining({ id, name: 'OpenAI prod', daysLeft: 30 })]);
    expect((await ok(user, ['trash', 'ls'])).stdout).toMatch(/OpenAI prod\s+openai\s+deleted \d{4}-\d\d-\d\d, for good in 30 day\(s\)/);

    await ok(user, ['trash', 'restore', id.slice(0, 8)]);
    const back = (await ok(user, ['get', 'OpenAI prod', '--reveal', '--json'])).json<Listed & { value: string }>();
    expect(back).toMatchObject({ id, value: 'sk-proj-second-value-11111' });
    expect((await ok(user, ['trash', 'ls', '--json'])).json<Trashed[]>()).toEqual([]);
  });

  it('trash purge deletes for good only when confirmed, and keys never come back', async () => {
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'OLD_TOKEN'], 'ghp_old_value_0000000000000');
    await ok(user, ['add', '--name', 'OTHER_TOKEN'], 'ghp_other_value_11111111111');
    await ok(user, ['rm', 'OLD_TOKEN']);
    await ok(user, ['rm', 'OTHER_TOKEN']);

    // Not a terminal and no --yes: refused, and both keys are still in the Trash.
    const refused = await user.run(['trash', 'purge', 'OLD_TOKEN']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('nothing deleted: pass --yes to confirm');
    expect((await ok(user, ['trash', 'ls', '--json'])).json<Trashed[]>()).toHaveLength(2);

    expect((await ok(user, ['trash', 'purge', 'OLD_TOKEN', '--yes', '--json'])).json()).toEqual({ purged: ['OLD_TOKEN'] });
    expect((await ok(user, ['trash', 'ls', '--json'])).json<Trashed[]>().map((i) => i.name)).toEqual(['OTHER_TOKEN']);
    const restore = await user.run(['trash', 'restore', 'OLD_TOKEN']);
    expect(restore.stderr).toContain('no key named "OLD_TOKEN" in the Trash');

    expect((await ok(user, ['trash', 'purge', '--yes'])).stdout).toContain('Deleted for good: "OTHER_TOKEN"');
    expect((await ok(user, ['trash', 'ls'])).stdout).toContain('is empty');
    expect((await ok(user, ['ls', '--json'])).json<Listed[]>()).toEqual([]);
  });
});
