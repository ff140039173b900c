/**
 * The lines a repository's history added, commit by commit: `git log -p` over every ref, read as it
 * streams. A key that was committed and removed later is still in the history, and still leaked.
 * Only added lines are read (a removal does not leak anything the addition had not).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CliError } from '../errors.js';

/** Lines one hunk of a commit added, together: a pair on two lines is found as a pair. */
export interface AddedLines {
  commit: string;
  path: string;
  /** The first added line's number in the file as that commit left it. */
  line: number;
  text: string;
}

const COMMIT_MARK = '\u0000commit ';

/** `"a\\tb"` as git quotes unusual paths, and `b/…` without its prefix. */
function pathOf(header: string): string | null {
  let path = header.slice('+++ '.length);
  if (path === '/dev/null') return null;
  if (path.startsWith('"') && path.endsWith('"')) path = JSON.parse(path) as string;
  return path.startsWith('b/') ? path.slice(2) : path;
}

/** Every line added in any commit reachable from any ref of the repository at `dir`. */
export async function* addedLines(dir: string, counted: { commits: number }): AsyncGenerator<AddedLines> {
  const git = spawn('git', ['-C', dir, '-c', 'core.quotePath=false', 'log', '--all', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', `--format=%x00commit %H`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  git.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk).length > 4096 && (stderr = stderr.slice(-4096)));
  const exited = new Promise<number | null>((done, fail) => {
    git.on('error', (error) => fail(new CliError('usage', `--git needs git on the PATH (${error.message})`)));
    git.on('close', done);
  });
  let commit = '';
  let path: string | null = null;
  let inHunk = false;
  let block: AddedLines | null = null;
  let hunkStart = 0;
  try {
    for await (const text of createInterface({ input: git.stdout, crlfDelay: Infinity })) {
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
      }
    }
    if (block) yield block;
  } finally {
    if (git.exitCode === null) git.kill();
  }
  const code = await exited;
  if (code !== 0 && code !== null) {
    const reason = stderr.includes('not a git repository') ? `${dir} is not in a git repository (--git reads a repository's history)` : `git log failed: ${stderr.trim().split('\n').at(-1) ?? `exit ${code}`}`;
    throw new CliError('usage', reason);
  }
}
