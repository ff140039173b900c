/**
 * Which of the files a scan found keys in git ignores: a key in an ignored `.env` is where a key
 * belongs, not a leak, and must not fail a pre-commit hook. Asked only about files with findings.
 */
import { spawn } from 'node:child_process';

export function gitIgnored(dir: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return Promise.resolve(new Set());
  return new Promise((done) => {
    // -z both ways: any byte may be in a path. Outside a repository git fails: nothing is ignored then.
    const git = spawn('git', ['-C', dir, '-c', 'protocol.allow=never', 'check-ignore', '-z', '--stdin'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    git.stdout.on('data', (d: Buffer) => out.push(d));
    git.on('error', () => done(new Set()));
    git.on('close', () => done(new Set(Buffer.concat(out).toString('utf8').split('\0').filter(Boolean))));
    git.stdin.on('error', () => undefined);
    git.stdin.end(paths.join('\0') + '\0');
  });
}
