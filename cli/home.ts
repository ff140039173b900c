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
      return JSON.parse(readFileSync(this.stateFile, 'utf8'));
    } catch (error) {
      throw new CliError('corrupt-state', `${this.stateFile} cannot be read (${(error as Error).message})`);
    }
  }

  write(state: unknown): void {
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n', { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.stateFile);
  }
}
