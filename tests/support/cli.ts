/** Runs the real `keyhaven` command (node cli/bin.js) in a child process, as a user or a script would. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  /** The folder the command runs in (default: the repository's root). */
  cwd?: string;
}

export interface CliUser {
  home: string;
  password: string;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
}

/** Runs a command that must succeed; a failure names the command and what it printed. A string is its stdin. */
export async function ok(user: CliUser, args: string[], options: RunOptions | string = {}): Promise<CliResult> {
  const res = await user.run(args, typeof options === 'string' ? { input: options } : options);
  if (res.code !== 0) throw new Error(`keyhaven ${args.join(' ')} exited with ${res.code}\n${res.stderr}`);
  return res;
}

/**
 * The command as the global setup built it from the sources, or, with `viaBin` (or outside a Vitest
 * run), cli/bin.js through tsx's loader, as `npx keyhaven` runs it.
 */
function entry(viaBin: boolean): string {
  return !viaBin && process.env.KEYHAVEN_TEST_CLI ? process.env.KEYHAVEN_TEST_CLI : join(ROOT, 'cli/bin.js');
}

export function cliUser(password = `pw-${Math.random().toString(36).slice(2)}-long enough`, options: { viaBin?: boolean } = {}): CliUser {
  const home = join(mkdtempSync(join(tmpdir(), 'keyhaven-cli-')), 'home');
  return {
    home,
    password,
    run(args, runOptions = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [entry(Boolean(options.viaBin)), ...args], {
          cwd: runOptions.cwd ?? ROOT,
          env: { ...process.env, KEYHAVEN_HOME: home, KEYHAVEN_PASSWORD: password, ...runOptions.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) =>
          resolve({
            code: code ?? -1,
            stdout,
            stderr,
            json<T>() {
              try {
                return JSON.parse(stdout) as T;
              } catch {
                throw new Error(`not JSON (exit ${code}):\n${stdout}\n${stderr}`);
              }
            },
          }),
        );
        child.stdin.end(runOptions.input ?? '');
      });
    },
  };
}
