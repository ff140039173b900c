/**
 * `keyhaven scan` on fixture repositories made at test time: keys in files and in history found, the
 * stored one marked by keyed tag, nothing printed in full, folders and files that are not the user's
 * text left out, SARIF in the shape code-scanning tools read, and an exit code a hook can use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOGUE } from '../../../shared/index.js';
import { cliUser, ok } from '../../support/cli.js';
import { fakeKey } from '../../support/fake-keys.js';
import { sarifSchemaErrors } from '../../support/sarif-schema.js';

const key = (provider: string, kind: string) => fakeKey(CATALOGUE.find((e) => e.provider === provider && e.kind === kind)!);

interface Fixture {
  dir: string;
  stripe: string;
  github: string;
  aws: { id: string; secret: string };
  hidden: string[];
}

/** A repository whose history holds a key no file holds any more, with keys where a scan must not look. */
function fixtureRepo(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-scan-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.org', ...args], { stdio: 'ignore' });
  const file = (path: string, text: string | Buffer) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const f: Fixture = { dir, stripe: key('stripe', 'secret-live'), github: key('github', 'classic-pat'), aws: { id: key('aws', 'access-key-id'), secret: 'wJalrXUtnFEMIzK7MDENGabPxRfiCYzq8Tb3Lx2Q' }, hidden: [key('openai', 'project'), key('npm', 'access-token')] };
  git('init', '-q');
  file('src/config.ts', `export const token = "${f.github}";\n`);
  file('.env', `# local settings\nSTRIPE_SECRET_KEY=${f.stripe}\n`);
  file('deploy/aws.env', `AWS_ACCESS_KEY_ID=${f.aws.id}\nAWS_SECRET_ACCESS_KEY=${f.aws.secret}\n`);
  file('docs/README.md', `Keys look like sk_live_… and are shown as ${f.stripe.slice(0, 12)}…; never commit one.\n`);
  git('add', '-A');
  git('commit', '-qm', 'first');
  file('src/config.ts', 'export const token = process.env.GITHUB_TOKEN;\n');
  git('commit', '-qam', 'read the token from the environment');
  // Not the user's text: another package's files, and a binary file.
  file('node_modules/some-package/index.js', `module.exports = "${f.hidden[0]}";\n`);
  file('assets/logo.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(f.hidden[1]!)]));
  return f;
}

const findingSchema = z.strictObject({
  path: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endColumn: z.number().int().min(1),
  commit: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  provider: z.string(),
  kind: z.string(),
  confidence: z.number(),
  masked: z.string(),
  stored: z.array(z.strictObject({ vault: z.string(), name: z.string() })),
  ignored: z.boolean().optional(),
  message: z.string(),
});
const reportSchema = z.strictObject({
  findings: z.array(findingSchema),
  scanned: z.strictObject({ files: z.number(), binarySkipped: z.number(), tooLarge: z.array(z.string()), unreadable: z.array(z.string()), commits: z.number().optional() }),
  comparedWithVault: z.boolean(),
});

/** What the tests read from the SARIF (after the official schema passed it), typed. */
const sarifSchema = z.object({
  $schema: z.string().url(),
  version: z.literal('2.1.0'),
  runs: z.array(z.object({
    tool: z.object({ driver: z.object({ name: z.string().min(1), version: z.string(), rules: z.array(z.object({ id: z.string().min(1), name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), shortDescription: z.object({ text: z.string().min(1) }), defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }) })) }) }),
    columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']),
    results: z.array(z.object({
      ruleId: z.string(),
      ruleIndex: z.number().int().min(0),
      level: z.enum(['none', 'note', 'warning', 'error']),
      message: z.object({ text: z.string().min(1) }),
      locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string().min(1) }), region: z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1), endLine: z.number().int().min(1), endColumn: z.number().int().min(1) }) }) })).min(1),
      properties: z.record(z.string(), z.unknown()).optional(),
    })),
  })).length(1),
});

function neverInFull(f: Fixture, ...outputs: string[]): void {
  for (const value of [f.stripe, f.github, f.aws.id, f.aws.secret, ...f.hidden]) for (const out of outputs) expect(out).not.toContain(value);
}

describe('keyhaven scan', () => {
  it('finds keys in files and in history, says which are stored (rotate them), prints none in full, and exits 8', async () => {
    const f = fixtureRepo();
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'STRIPE_LIVE'], { input: f.stripe });

    const res = await user.run(['scan', '--git', '--json'], { cwd: f.dir });
    expect(res.code, res.stderr).toBe(8);
    const report = reportSchema.parse(res.json());
    const inFiles = report.findings.filter((x) => !x.commit).map((x) => [x.path, x.line, x.provider, x.kind, x.stored.map((s) => s.name)]);
    expect(inFiles).toEqual([
      ['.env', 2, 'stripe', 'secret-live', ['STRIPE_LIVE']],
      ['deploy/aws.env', 1, 'aws', 'access-key-id+secret-access-key', []],
    ]);
    // The GitHub token is only in the first commit now; the scan still finds it, where it was.
    const github = report.findings.find((x) => x.provider === 'github')!;
    expect(github).toMatchObject({ path: 'src/config.ts', line: 1, column: 23, kind: 'classic-pat', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(report.scanned).toMatchObject({ files: 4, binarySkipped: 1, commits: 2 });
    expect(report.comparedWithVault).toBe(true);
    neverInFull(f, res.stdout, res.stderr);

    const text = await user.run(['scan'], { cwd: f.dir });
    expect(text.code).toBe(8);
    expect(text.stdout).toContain('.env:2:19  stripe secret-live');
    expect(text.stdout).toContain('stored in KeyHaven as "STRIPE_LIVE"');
    expect(text.stdout).toContain('rotate it, it leaked here');
    expect(text.stdout).toMatch(/2 key\(s\) found in 4 file\(s\), 1 binary skipped; 1 stored in KeyHaven: rotate them/);
    neverInFull(f, text.stdout, text.stderr);
  });

  it('marks a stored AWS pair found as its two lines', async () => {
    const f = fixtureRepo();
    const user = cliUser();
    await ok(user, ['init']);
    await ok(user, ['add', '--name', 'AWS_DEPLOY'], { input: `AWS_ACCESS_KEY_ID=${f.aws.id}\nAWS_SECRET_ACCESS_KEY=${f.aws.secret}` });
    const report = reportSchema.parse((await user.run(['scan', 'deploy', '--json'], { cwd: f.dir })).json());
    expect(report.findings.map((x) => x.stored)).toEqual([[{ vault: expect.any(String), name: 'AWS_DEPLOY' }]]);
  });

  it('works without a vault or a password, says it did not compare, and exits 0 on a clean tree', async () => {
    const f = fixtureRepo();
    const nobody = cliUser();
    const res = await nobody.run(['scan', '--json'], { cwd: f.dir, env: { KEYHAVEN_PASSWORD: '' } });
    expect(res.code).toBe(8);
    expect(reportSchema.parse(res.json()).comparedWithVault).toBe(false);
    expect(res.stderr).toContain('not compared with stored keys');

    const user = cliUser();
    await ok(user, ['init']);
    const wrong = await user.run(['scan', '.env'], { cwd: f.dir, env: { KEYHAVEN_PASSWORD: 'not the password' } });
    expect(wrong.code).toBe(8); // the findings still come out; the comparison is what failed
    expect(wrong.stderr).toContain('not compared with stored keys: wrong password');
    expect((await user.run(['scan', '--no-vault', 'docs'], { cwd: f.dir })).stdout).toContain('no keys found in 1 file(s)');
    expect((await user.run(['scan', '--no-vault', 'docs'], { cwd: f.dir })).code).toBe(0);
  });

  it('writes SARIF 2.1.0 that passes its official schema: rules, results located in files and commits, masked keys only', async () => {
    const f = fixtureRepo();
    const res = await cliUser().run(['scan', '--git', '--sarif', '--no-vault'], { cwd: f.dir });
    expect(res.code).toBe(8);
    expect(sarifSchemaErrors(res.json())).toEqual([]);
    const sarif = sarifSchema.parse(res.json());
    const run = sarif.runs[0]!;
    expect(new Set(run.tool.driver.rules.map((r) => r.id)).size).toBe(run.tool.driver.rules.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual(['.env', '.env', 'deploy/aws.env', 'deploy/aws.env', 'src/config.ts']);
    expect(run.results.filter((r) => r.properties?.commit).length).toBe(3);
    neverInFull(f, res.stdout, res.stderr);
  });

  it('reads the whole history whatever the repository\'s settings say, and runs none of its programs', async () => {
    const f = fixtureRepo();
    const sh = (...args: string[]) => execFileSync('git', ['-C', f.dir, ...args], { encoding: 'utf8' });
    const write = (path: string, text: string) => writeFileSync(join(f.dir, path), text);
    // Keys only in history: in a file whose name has a space and whose line holds a carriage return,
    // and in a file git is told to treat as binary.
    const spaced = key('openai', 'project');
    const locked = key('npm', 'access-token');
    write('my keys.env', `first\rOPENAI=${spaced}\n`);
    write('.gitattributes', '*.lock -diff\n');
    write('deps.lock', `token=${locked}\n`);
    sh('add', '-A');
    sh('-c', 'user.name=Dev', '-c', 'user.email=dev@example.org', 'commit', '-qm', 'keys');
    sh('rm', '-q', 'my keys.env', 'deps.lock');
    sh('-c', 'user.name=Dev', '-c', 'user.email=dev@example.org', 'commit', '-qm', 'no keys');
    // A commit that claims a signature, and settings that would hide history or run a program.
    const marker = join(f.dir, '..', `ran-${Date.now()}`);
    const program = join(f.dir, '..', `gpg-${Date.now()}.sh`);
    writeFileSync(program, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const signed = sh('cat-file', 'commit', 'HEAD').replace(/^(committer .*)$/m, '$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----');
    const forged = execFileSync('git', ['-C', f.dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: signed, encoding: 'utf8' }).trim();
    sh('update-ref', 'HEAD', forged);
    for (const [name, value] of [['log.showSignature', 'true'], ['gpg.program', program], ['log.showRoot', 'false'], ['diff.noprefix', 'true'], ['core.bigFileThreshold', '10'], ['diff.relative', 'true']]) sh('config', name!, value!);

    const res = await cliUser().run(['scan', '--git', '--json', '--no-vault'], { cwd: f.dir });
    expect(res.code, res.stderr).toBe(8);
    const history = reportSchema.parse(res.json()).findings.filter((x) => x.commit).map((x) => `${x.path}:${x.line} ${x.provider}`);
    expect(history).toEqual(expect.arrayContaining(['my keys.env:1 openai', 'deps.lock:1 npm', 'src/config.ts:1 github', '.env:2 stripe']));
    expect(existsSync(marker)).toBe(false);
  });

  it('does not count a key in a file git ignores (a local .env is where keys belong)', async () => {
    const f = fixtureRepo();
    writeFileSync(join(f.dir, '.gitignore'), 'local.env\n');
    writeFileSync(join(f.dir, 'local.env'), `STRIPE=${key('stripe', 'secret-live')}\n`);
    const user = cliUser();
    const onlyIgnored = await user.run(['scan', '--no-vault', 'local.env', 'docs'], { cwd: f.dir });
    expect(onlyIgnored.code).toBe(0);
    expect(onlyIgnored.stdout).toContain('in files git ignores (not committed, not counted):');
    expect(onlyIgnored.stdout).toContain('no keys found');
    expect((await user.run(['scan', '--no-vault'], { cwd: f.dir })).code).toBe(8); // the committed ones still count
  });

  it('--staged reads only what the next commit adds (a pre-commit hook): the staged key fails it, the rest does not', async () => {
    const f = fixtureRepo();
    const sh = (...args: string[]) => execFileSync('git', ['-C', f.dir, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.org', ...args], { stdio: 'ignore' });
    sh('add', '-A'); // what the fixture left uncommitted: nothing is staged after this commit
    sh('commit', '-qm', 'vendor');
    const user = cliUser();
    const clean = await user.run(['scan', '--staged', '--no-vault'], { cwd: f.dir });
    expect(clean.code, clean.stderr).toBe(0); // keys already committed are --git's business, not the hook's
    expect(clean.stdout).toContain('no keys found in the staged changes');

    const fresh = key('anthropic', 'api');
    writeFileSync(join(f.dir, 'src/config.ts'), `export const token = process.env.GITHUB_TOKEN;\nexport const ai = "${fresh}";\n`);
    writeFileSync(join(f.dir, 'unstaged.env'), `OPENAI=${key('openai', 'project')}\n`); // not staged: not read
    sh('add', 'src/config.ts');
    const hook = await user.run(['scan', '--staged', '--json', '--no-vault'], { cwd: f.dir });
    expect(hook.code, hook.stderr).toBe(8);
    const found = reportSchema.parse(hook.json()).findings.map((x) => `${x.path}:${x.line} ${x.provider}${x.commit ? ' commit' : ''}`);
    expect(found).toEqual(['src/config.ts:2 anthropic']);
    expect(hook.stdout).not.toContain(fresh);
    // Narrowed to paths: a staged key elsewhere is not this run's.
    expect((await user.run(['scan', '--staged', '--no-vault', 'docs'], { cwd: f.dir })).code).toBe(0);
    const notRepo = await user.run(['scan', '--staged', '--no-vault'], { cwd: mkdtempSync(join(tmpdir(), 'keyhaven-norepo-')) });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('--staged reads what is about to be committed');
  });

  it('reads a UTF-16 file with a byte-order mark (a Windows .env) as text, and still skips binary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyhaven-utf16-'));
    const stripe = key('stripe', 'secret-live');
    writeFileSync(join(dir, 'windows.env'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`STRIPE_SECRET_KEY=${stripe}\r\n`, 'utf16le')]));
    writeFileSync(join(dir, 'data.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(key('openai', 'project'))]));
    const res = await cliUser().run(['scan', '--json', '--no-vault'], { cwd: dir });
    expect(res.code, res.stderr).toBe(8);
    const report = reportSchema.parse(res.json());
    expect(report.findings.map((x) => `${x.path}:${x.line}:${x.column} ${x.provider}`)).toEqual(['windows.env:1:19 stripe']);
    expect(report.scanned).toMatchObject({ files: 1, binarySkipped: 1 });
    expect(res.stdout).not.toContain(stripe);
  });

  it('says plainly what it cannot read', async () => {
    const user = cliUser();
    const missing = await user.run(['scan', 'no-such-folder'], { cwd: tmpdir() });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no-such-folder: no such file or folder');
    const notRepo = await user.run(['scan', '--git', '--no-vault'], { cwd: mkdtempSync(join(tmpdir(), 'keyhaven-norepo-')) });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('not in a git repository');
    const both = await user.run(['scan', '--json', '--sarif'], { cwd: tmpdir() });
    expect(both.code).toBe(2);
  });
});
