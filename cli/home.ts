/**
 * The CLI's home folder (KEYHAVEN_HOME, default ~/.keyhaven): one state file, encrypted where it holds
 * anything secret, written atomically (temp file + rename) with owner-only permissions. A command holds
 * the folder's lock from start to finish, so two `keyhaven` processes never interleave their writes.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { CliError } from './errors.js';

export class Home {
  readonly dir: string;
  readonly stateFile: string;
  private release: (() => Promise<void>) | null = null;
  /** The state file's text as last read or written by this process. */
  private onDisk: string | null = null;

  constructor(dir = process.env.KEYHAVEN_HOME || join(homedir(), '.keyhaven')) {
    this.dir = dir;
    this.stateFile = join(dir, 'state.json');
  }

  exists(): boolean {
    return existsSync(this.stateFile);
  }

  async lock(): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    try {
      this.release = await lockfile.lock(this.dir, {
        lockfilePath: join(this.dir, '.lock'),
        retries: { retries: 100, minTimeout: 20, maxTimeout: 250 },
        stale: 30_000,
      });
    } catch {
      throw new CliError('busy', `another keyhaven command is using ${this.dir}; try again in a moment`);
    }
  }

  async unlock(): Promise<void> {
    await this.release?.();
    this.release = null;
  }

  read(): unknown {
    try {
      const text = readFileSync(this.stateFile, 'utf8');
      this.onDisk = text;
      return JSON.parse(text);
    } catch (error) {
      throw new CliError('corrupt-state', `${this.stateFile} cannot be read (${(error as Error).message})`);
    }
  }

  /** Writes the state file, unless it already holds exactly this (a command that only read writes nothing). */
  write(state: unknown): void {
    const text = JSON.stringify(state, null, 1) + '\n';
    if (text === this.onDisk) return;
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.stateFile);
    this.onDisk = text;
  }
}
