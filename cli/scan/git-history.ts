/**
 * The lines a repository's history added, commit by commit: `git log -p` over every ref, read as it
 * streams (or, for a pre-commit hook, the lines the index adds: `git diff --cached`). A key that was
 * committed and removed later is still in the history, and still leaked.
 * Only added lines are read (a removal does not leak anything the addition had not).
 *
 * The repository may be hostile (a clone of anything) and the user's git settings may be anything:
 * every option that changes what `git log -p` shows, or lets it run a program, is fixed on the
 * command line (docs/decisions.md #101).
 */
import { spawn } from 'node:child_process';
import { CliError } from '../errors.js';
import { maskFound } from './mask-text.js';
import { unquotePath } from './paths.js';

/** Lines one hunk of a commit added, together: a pair on two lines is found as a pair. */
export interface AddedLines {
  commit: string;
  path: string;
  /** The first added line's number in the file as that commit left it. */
  line: number;
  text: string;
}

const COMMIT_MARK = '\u0000commit ';

// No program named by the repository or the user runs: no signature checks (gpg.program), no fetch of
// missing objects in a partial clone (core.sshCommand and friends), no diff drivers or text filters.
const SAFE_GIT = ['-c', 'protocol.allow=never', '-c', 'core.quotePath=true'];

// What is shown, whatever the configuration says: every file as text, whole paths with their usual
// prefixes, hunks exact.
const PATCH = ['--no-ext-diff', '--no-textconv', '-p', '--text', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/', '-U0', '--inter-hunk-context=0', '--no-color', '--no-renames'];

/** What is read: every commit on any ref, or what the index holds that HEAD does not (a pre-commit hook). */
export type GitSource = 'history' | 'staged';

const ARGS: Record<GitSource, string[]> = {
  // Every commit including the root and merges (what a merge itself introduced).
  history: [...SAFE_GIT, 'log', '--all', '--no-show-signature', '--root', '--remerge-diff', ...PATCH, '--format=%x00commit %H'],
  staged: [...SAFE_GIT, 'diff', '--cached', ...PATCH],
};

/** The path a `+++ b/…` header names (null for a deletion). */
function pathOf(header: string): string | null {
  // git ends the header with a tab when the path has a space in it.
  let path = header.slice('+++ '.length).replace(/\t$/, '');
  if (path === '/dev/null') return null;
  if (path.startsWith('"')) path = unquotePath(path);
  return path.startsWith('b/') ? path.slice(2) : path;
}

/** Lines of a stream split on `\n` only: a `\r` inside a committed line is part of the line, not an end. */
async function* lines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

/**
 * Every line added in any commit reachable from any ref of the repository at `dir` (`history`), or in
 * the index compared with HEAD (`staged`; `commit` is then empty). `paths` narrows a staged read.
 */
export async function* addedLines(dir: string, counted: { commits: number }, source: GitSource = 'history', paths: string[] = []): AsyncGenerator<AddedLines> {
  const args = ['-C', dir, ...ARGS[source], ...(paths.length > 0 ? ['--', ...paths] : [])];
  // Paths are the user's own, taken literally (no `:(exclude)` magic from a file name).
  const env = { ...process.env, GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' };
  const git = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  git.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk).length > 8192 && (stderr = stderr.slice(-8192)));
  const exited = new Promise<number | null>((done, fail) => {
    git.on('error', (error) => fail(new CliError('usage', `--${source === 'history' ? 'git' : 'staged'} needs git on the PATH (${error.message})`)));
    git.on('close', done);
  });
  let commit = '';
  let path: string | null = null;
  let inHunk = false;
  let block: AddedLines | null = null;
  let hunkStart = 0;
  try {
    for await (const text of lines(git.stdout)) {
      if (inHunk && text.startsWith('+') && path) {
        if (block) block.text += `\n${text.slice(1)}`;
        else block = { commit, path, line: hunkStart, text: text.slice(1) };
        continue;
      }
      if (block) {
        yield block;
        block = null;
      }
      if (text.startsWith(COMMIT_MARK)) {
        commit = text.slice(COMMIT_MARK.length);
        counted.commits++;
        inHunk = false;
      } else if (text.startsWith('diff --git ')) {
        path = null;
        inHunk = false;
      } else if (!inHunk && text.startsWith('+++ ')) {
        path = pathOf(text);
      } else if (text.startsWith('@@ ')) {
        hunkStart = Number(/^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text)?.[1] ?? 0);
        inHunk = true;
      } else if (inHunk && !text.startsWith('-') && !text.startsWith('\\')) {
        inHunk = false; // anything else ends the hunk (a remerge header, the next commit's text)
      }
    }
    if (block) yield block;
  } finally {
    if (git.exitCode === null) git.kill();
  }
  const code = await exited;
  if (code !== 0 && code !== null) {
    const fatal = stderr.split('\n').find((l) => l.startsWith('fatal:')) ?? stderr.trim().split('\n').at(-1) ?? `exit ${code}`;
    const option = source === 'history' ? '--git reads a repository\'s history' : '--staged reads what is about to be committed';
    // Outside a repository `git diff` turns into `git diff --no-index` and only prints its usage.
    if (/not a git repository|usage: git diff --no-index/i.test(stderr)) throw new CliError('usage', `${dir} is not in a git repository (${option})`);
    // git's messages can name refs and paths, which can hold a key: masked like findings.
    throw new CliError('tool-failed', `git ${source === 'history' ? 'log' : 'diff --cached'} failed: ${maskFound(fatal)}`);
  }
}

/** Whether the repository at `dir` is a shallow clone (its history stops early). */
export function isShallow(dir: string): Promise<boolean> {
  return new Promise((done) => {
    const git = spawn('git', ['-C', dir, 'rev-parse', '--is-shallow-repository'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    git.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    git.on('error', () => done(false));
    git.on('close', () => done(out.trim() === 'true'));
  });
}
