/**
 * The `keyhaven` package as a user gets it: `npm pack` of what scripts/build-cli.ts built (the global
 * setup builds it once), installed with `npm install -g` into an empty prefix, run from an empty folder
 * with nothing of this checkout on PATH or in the working directory.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliVersion } from '../../../cli/version.js';

const run = promisify(execFile);

let bin: string;
let packed: { files: { path: string }[] };
let workDir: string;
// Only Node's own folder on PATH: the installed command must not lean on anything in this checkout.
const env = (home: string) => ({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, KEYHAVEN_HOME: join(home, 'vault'), KEYHAVEN_PASSWORD: 'a password long enough for the test' });

beforeAll(async () => {
  const built = process.env.KEYHAVEN_TEST_CLI;
  if (!built) throw new Error('the global setup builds the CLI package (tests/support/global-setup.ts)');
  const scratch = mkdtempSync(join(tmpdir(), 'keyhaven-pack-'));
  const { stdout } = await run('npm', ['pack', dirname(built), '--pack-destination', scratch, '--json'], { cwd: scratch });
  const [tarball] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  packed = tarball;
  const prefix = join(scratch, 'global');
  // No dependencies to fetch: --offline proves the tarball is all the command needs.
  await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(scratch, tarball.filename)], { cwd: scratch });
  bin = join(prefix, 'bin', 'keyhaven');
  workDir = mkdtempSync(join(tmpdir(), 'keyhaven-user-'));
}, 120_000);

describe('the packed keyhaven command', () => {
  it('holds only the built command and the notices of what it bundles, no sources and no dependencies to install', () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toContain('keyhaven.mjs');
    expect(paths).toContain('package.json');
    expect(paths).toContain('THIRD_PARTY_LICENSES.md');
    expect(paths.filter((p) => !['keyhaven.mjs', 'package.json', 'README.md', 'THIRD_PARTY_LICENSES.md'].includes(p) && !/^chunks\/[\w-]+\.mjs$/.test(p))).toEqual([]);
  });

  it('installs with npm install -g and runs from an empty folder: version, help, a vault with an item', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyhaven-home-'));
    const opts = { cwd: workDir, env: env(home) };
    expect((await run(bin, ['--version'], opts)).stdout.trim()).toBe(cliVersion());
    expect((await run(bin, ['--help'], opts)).stdout).toMatch(/Commands:[\s\S]*\brun \[options\] <command\.\.\.>/);
    await run(bin, ['init'], opts);
    const add = run(bin, ['add', '--name', 'Stripe test', '--provider', 'stripe'], opts);
    add.child.stdin!.end('sk_test_packaged_cli_0000000000');
    await add;
    const listed = JSON.parse((await run(bin, ['ls', '--json'], opts)).stdout) as { name: string; provider: string; masked: string }[];
    expect(listed).toMatchObject([{ name: 'Stripe test', provider: 'stripe' }]);
    expect(JSON.stringify(listed)).not.toContain('sk_test_packaged_cli_0000000000');
    expect(readdirSync(workDir)).toEqual([]);
  }, 60_000);

  it('starts without compiling the vault core: --help and --version load commander and the definitions only', () => {
    // The files a start evaluates before any command runs: the entry and what it imports statically
    // (a command's own code comes through import(), which the regular expression leaves out).
    const dir = dirname(process.env.KEYHAVEN_TEST_CLI!);
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [, target] of text.matchAll(/(?:from|import)\s*"\.\/(?:chunks\/)?([\w-]+\.mjs)"/g)) visit(`chunks/${target}`);
    };
    visit('keyhaven.mjs');
    const startUp = [...loaded].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(startUp).toContain('--version');
    // Code only the vault core has (help texts may name PBKDF2; they do not call WebCrypto).
    expect(startUp).not.toMatch(/ZodError|deriveBits|unwrapKey/);
    expect(startUp.length).toBeLessThan(150_000);
  });

  it('answers a usage error with exit code 2 and the help hint', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyhaven-home-'));
    const failed = await run(bin, ['frobnicate'], { cwd: workDir, env: env(home) }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
