/**
 * Access tokens from the command line against a real server: an admin makes one, a machine with only
 * the token runs a command with exactly the keys in its scope, can write nothing, and stops the moment
 * the token is revoked; a narrowed token follows its items through edits and a vault-key rotation.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ok, cliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
let base: string;
beforeAll(() => {
  base = server.base;
});


/** A machine: no home, no password, only the token in its environment. */
function machine(token: string) {
  const m = cliUser('unused-password-of-nobody');
  const env = { KEYHAVEN_TOKEN: token, KEYHAVEN_SERVER: base, KEYHAVEN_PASSWORD: '' };
  return {
    home: m.home,
    run: (args: string[], input?: string) => m.run(args, { env, input }),
    /** The child's environment, as `run` gives it: only KeyHaven-made variables, sorted. */
    async env(extra: string[] = []) {
      const res = await m.run(['run', ...extra, '--', process.execPath, '-e', 'for (const [k, v] of Object.entries(process.env).sort()) if (/^(OPENAI_KEY|STRIPE_KEY|GITHUB_TOKEN)$/.test(k)) console.log(k + "=" + v)'], { env });
      return { ...res, vars: res.stdout.trim().split('\n').filter(Boolean) };
    },
  };
}

async function admin() {
  const user = cliUser();
  await ok(user, ['signup', '--server', base, '--email', `tok-${crypto.randomUUID()}@example.com`, '--device-name', 'laptop']);
  await ok(user, ['add', '--name', 'OPENAI_KEY', '--tag', 'ci', '--env', 'prod'], { input: 'sk-openai-prod-0001' });
  await ok(user, ['add', '--name', 'STRIPE_KEY', '--tag', 'billing', '--env', 'prod'], { input: 'sk_live_stripe_0002' });
  await ok(user, ['add', '--name', 'GITHUB_TOKEN', '--tag', 'ci', '--env', 'dev'], { input: 'ghp_dev_token_0003' });
  return user;
}

describe('keyhaven token', () => {
  it('a vault-wide token runs a command with every key, writes nothing to disk, and stops at once when revoked', async () => {
    const user = await admin();
    const made = await ok(user, ['token', 'create', '--name', 'CI deploy']);
    const token = made.stdout.trim();
    expect(token).toMatch(/^kh_[0-9A-Za-z]{49}$/);
    expect(made.stderr).toMatch(/shown this once/);

    const ci = machine(token);
    const first = await ci.env();
    expect(first.code, first.stderr).toBe(0);
    expect(first.vars).toEqual(['GITHUB_TOKEN=ghp_dev_token_0003', 'OPENAI_KEY=sk-openai-prod-0001', 'STRIPE_KEY=sk_live_stripe_0002']);
    // Cache-free: the machine's home was never created.
    const { existsSync } = await import('node:fs');
    expect(existsSync(ci.home)).toBe(false);
    expect((await ci.run(['get', 'stripe_key', '--reveal'])).stdout.trim()).toBe('sk_live_stripe_0002');

    const listed = (await ok(user, ['token', 'ls', '--json'])).json<{ id: string; name: string; state: string; lastUsed: { ip: string } | null }[]>();
    expect(listed).toMatchObject([{ name: 'CI deploy', state: 'live' }]);

    await ok(user, ['token', 'revoke', 'CI deploy']);
    const after = await ci.env();
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/revoked/);
    expect(after.stderr).not.toMatch(/keyhaven login/);
    expect(after.vars).toEqual([]);
    // The server records a refusal after answering it; the admin's list shows it once it is stored.
    await vi.waitFor(async () => {
      const tokens = (await ok(user, ['token', 'ls', '--json'])).json<{ lastRefusal: { reason: string } | null }[]>();
      expect(tokens[0]!.lastRefusal?.reason).toBe('revoked');
    }, { timeout: 15_000, interval: 200 });
    // The admin's next sync signs what the server saw (the first use, the refusal) into the chain.
    await ok(user, ['sync']);
    const audit = (await ok(user, ['audit', '--verify', '--json'])).json<{ verification: { ok: boolean }; entries: { action: string; detail: { reason?: string } }[] }>();
    expect(audit.verification.ok).toBe(true);
    const tokenEntries = audit.entries.filter((e) => e.action.startsWith('token.'));
    // Events join the chain when an admin's device picks them up: their own `at` says when they happened.
    expect(tokenEntries.map((e) => e.action).sort()).toEqual(['token.create', 'token.refuse', 'token.revoke', 'token.use']);
    expect(tokenEntries.find((e) => e.action === 'token.refuse')!.detail).toMatchObject({ reason: 'revoked' });
  });

  it('a narrowed token reads only its scope, follows edits in and out of it and a vault-key rotation', async () => {
    const user = await admin();
    const byTag = (await ok(user, ['token', 'create', '--name', 'ci tag', '--tag', 'ci'])).stdout.trim();
    const byEnv = (await ok(user, ['token', 'create', '--name', 'prod only', '--env', 'prod', '--expires', '30d'])).stdout.trim();
    const wide = (await ok(user, ['token', 'create', '--name', 'everything', '--expires', 'never'])).stdout.trim();

    expect((await machine(byTag).env()).vars).toEqual(['GITHUB_TOKEN=ghp_dev_token_0003', 'OPENAI_KEY=sk-openai-prod-0001']);
    expect((await machine(byEnv).env()).vars).toEqual(['OPENAI_KEY=sk-openai-prod-0001', 'STRIPE_KEY=sk_live_stripe_0002']);

    // Stripe joins the ci tag and GitHub leaves it; OpenAI gets a new value: the token follows each write.
    await ok(user, ['edit', 'STRIPE_KEY', '--tag', 'ci']);
    await ok(user, ['edit', 'GITHUB_TOKEN', '--tag', 'other']);
    await ok(user, ['rotate', 'OPENAI_KEY'], { input: 'sk-openai-prod-ROTATED' });
    expect((await machine(byTag).env()).vars).toEqual(['OPENAI_KEY=sk-openai-prod-ROTATED', 'STRIPE_KEY=sk_live_stripe_0002']);

    await ok(user, ['vault', 'rotate-key']);
    for (const [token, expected] of [
      [byTag, ['OPENAI_KEY=sk-openai-prod-ROTATED', 'STRIPE_KEY=sk_live_stripe_0002']],
      [byEnv, ['OPENAI_KEY=sk-openai-prod-ROTATED', 'STRIPE_KEY=sk_live_stripe_0002']],
      [wide, ['GITHUB_TOKEN=ghp_dev_token_0003', 'OPENAI_KEY=sk-openai-prod-ROTATED', 'STRIPE_KEY=sk_live_stripe_0002']],
    ] as const) {
      const read = await machine(token).env();
      expect(read.stderr).not.toMatch(/WARNING/);
      expect(read.vars).toEqual(expected);
    }
    const listed = (await ok(user, ['token', 'ls', '--json'])).json<{ name: string; problem: string | null; lastUsed: { ip: string } | null }[]>();
    expect(listed.map((t) => [t.name, t.problem])).toEqual([['ci tag', null], ['prod only', null], ['everything', null]]);
    expect(listed.every((t) => t.lastUsed && /127\.0\.0\.1|::1/.test(t.lastUsed.ip))).toBe(true);
  });

  it('refuses a token on the command line without repeating it, and a mistyped one before any request', async () => {
    const user = await admin();
    const token = (await ok(user, ['token', 'create', '--name', 'argv'])).stdout.trim();
    const nobody = cliUser('x');
    const onArgv = await nobody.run(['run', '--token', token, '--', 'true'], { env: { KEYHAVEN_SERVER: base } });
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toMatch(/KEYHAVEN_TOKEN/);
    expect(onArgv.stderr + onArgv.stdout).not.toContain(token.slice(3, 20));
    const typo = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    const mistyped = await nobody.run(['get', 'OPENAI_KEY', '--token'], { env: { KEYHAVEN_SERVER: base, KEYHAVEN_TOKEN: typo } });
    expect(mistyped.code).not.toBe(0);
    expect(mistyped.stderr).toMatch(/checksum/);
    const fromStdin = await nobody.run(['get', 'OPENAI_KEY', '--token', '-', '--reveal'], { env: { KEYHAVEN_SERVER: base }, input: `${token}\n` });
    expect(fromStdin.stdout.trim()).toBe('sk-openai-prod-0001');
  });
});
