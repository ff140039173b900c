/**
 * The `keyhaven` package as a user gets it: `npm pack` of what scripts/build-cli.ts built (the global
 * setup builds it once), installed with `npm install -g` into an empty prefix, run from an empty folder
 * with nothing of this checkout on PATH or in the working directory.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliVersion } from '../../../cli/version.js';

const run = promisify(execFile);

let bin: string;
let packed: { files: { path: string }[] };
let workDir: string;
let prefix: string;
const scratchDirs: string[] = [];
const scratchDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), name));
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});
// Only Node's own folder on PATH: the installed command must not lean on anything in this checkout.
const env = (home: string) => ({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, KEYHAVEN_HOME: join(home, 'vault'), KEYHAVEN_PASSWORD: 'a password long enough for the test' });

beforeAll(async () => {
  const built = process.env.KEYHAVEN_TEST_CLI;
  if (!built) throw new Error('the global setup builds the CLI package (tests/support/global-setup.ts)');
  const scratch = scratchDir('keyhaven-pack-');
  const { stdout } = await run('npm', ['pack', dirname(built), '--pack-destination', scratch, '--json'], { cwd: scratch });
  const [tarball] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  packed = tarball;
  prefix = join(scratch, 'global');
  // No dependencies to fetch: --offline proves the tarball is all the command needs.
  await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(scratch, tarball.filename)], { cwd: scratch });
  bin = join(prefix, 'bin', 'keyhaven');
  workDir = scratchDir('keyhaven-user-');
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
    const home = scratchDir('keyhaven-home-');
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

  const failure = (command: string, args: string[], home: string) =>
    run(command, args, { cwd: workDir, env: env(home) }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );

  it('answers a usage error with exit code 2 and the help hint; an option after a command is that command\'s', async () => {
    const home = scratchDir('keyhaven-home-');
    const unknown = await failure(bin, ['frobnicate'], home);
    expect(unknown?.code).toBe(2);
    expect(unknown?.stderr).toMatch(/unknown command 'frobnicate'/);
    // Without `--`, the child's flag is refused, not taken for keyhaven's own --version (exit 0, nothing run).
    const run = await failure(bin, ['run', 'node', '--version'], home);
    expect(run?.code).toBe(2);
    expect(run?.stderr).toMatch(/unknown option '--version'/);
  });

  it('says the installation is damaged, as JSON with --json, when a command\'s file is missing', async () => {
    const damaged = scratchDir('keyhaven-damaged-');
    const installed = join(prefix, 'lib', 'node_modules', 'keyhaven');
    cpSync(installed, damaged, { recursive: true });
    const chunk = readdirSync(join(damaged, 'chunks')).find((f) => f.startsWith('items-'))!;
    rmSync(join(damaged, 'chunks', chunk));
    const broken = await failure(process.execPath, [join(damaged, 'keyhaven.mjs'), 'ls', '--json'], scratchDir('keyhaven-home-'));
    expect(broken?.code).toBe(1);
    expect(JSON.parse(broken!.stderr)).toMatchObject({ error: { code: 'internal', message: expect.stringMatching(/incomplete or damaged.*reinstall/) } });
  });
});
