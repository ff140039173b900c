/**
 * How every command runs: hold the home folder's lock, unlock the vault with the password, finish any
 * vault key rotation a crash interrupted, do the work, save. Errors become one line on stderr (or a
 * JSON object with --json) and a non-zero exit code that says what kind of failure it was.
 */
import { CryptoError, SyncError, VaultError } from '../shared/index.js';
import { finishInterruptedRotation } from './key-rotation.js';
import { rotateAccountKeyHere } from './account-key-rotation.js';
import { rotateDeviceKeyHere } from './device-key-rotation.js';
import { CliError } from './errors.js';
import { Home } from './home.js';
import { readPassword } from './input.js';
import { CliVault } from './vault.js';

import { EXIT } from './exit-codes.js';

export { EXIT };

export interface GlobalOptions {
  json?: boolean;
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) {
    if (error.code === 'usage' || error.code === 'exists') return EXIT.usage;
    if (error.code === 'not-found' || error.code === 'no-vault') return EXIT.notFound;
    if (error.code === 'needs-password' || error.code === 'not-signed-in') return EXIT.auth;
    return EXIT.failure;
  }
  if (error instanceof CryptoError) return error.code === 'wrong-password' ? EXIT.auth : EXIT.failure;
  if (error instanceof SyncError) return error.code === 'offline' ? EXIT.offline : error.code === 'unauthorized' ? EXIT.auth : error.code === 'conflict' ? EXIT.conflict : EXIT.failure;
  if (error instanceof VaultError) return EXIT.usage;
  return EXIT.failure;
}

export function reportError(error: unknown, json: boolean): void {
  const known = error instanceof CliError || error instanceof CryptoError || error instanceof SyncError || error instanceof VaultError;
  const code = known ? (error as { code: string }).code : 'internal';
  const message = known ? (error as Error).message + hintFor(error) : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(json ? JSON.stringify({ error: { code, message } }) + '\n' : `keyhaven: ${message}\n`);
  process.exitCode = exitCodeFor(error);
}

/** What to do next, where the error alone does not say it. */
function hintFor(error: unknown): string {
  const server = error instanceof SyncError ? error.server?.code : undefined;
  // An access token's refusal says what to do itself; the session hint is for the account's devices.
  if (error instanceof SyncError && error.code === 'unauthorized' && server !== 'invalid-credentials' && server !== 'device-revoked' && !server?.startsWith('token-')) {
    return ' (the server ended this device’s session, as a password change on another device does: run `keyhaven login` with the current password; nothing queued here is lost)';
  }
  return '';
}

export function print(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : human() + '\n');
}

/** Runs `body` with the vault open (first finishing interrupted rotations) and saves afterwards, even after a failure; the lock is held throughout. */
export async function withVault(options: GlobalOptions, body: (vault: CliVault, password: string) => Promise<void>): Promise<void> {
  const home = new Home();
  // Say there is no vault before asking for a password that could not open anything.
  if (!home.exists()) throw new CliError('no-vault', 'no vault here yet: run `keyhaven init` (local only) or `keyhaven signup` / `keyhaven login`');
  await home.lock();
  try {
    const password = await readPassword();
    const vault = await CliVault.open(home, password);
    try {
      await runOpen(vault, password, body);
    } finally {
      // What was written locally is kept even when a later step fails (a refused sync, a rotation cut
      // short): the home is this device's database, and a command's failure must not undo its writes.
      vault.save();
    }
  } finally {
    await home.unlock();
  }
}

/** Interrupted key rotations first (they cannot wait for a later command), then the command. */
async function runOpen(vault: CliVault, password: string, body: (vault: CliVault, password: string) => Promise<void>): Promise<void> {
  // A device key whose certificate may already be on the server goes first: the old key should sign
  // as little as possible once it may be retired.
  if (vault.state.deviceRotation && vault.signedIn) {
    try {
      if (await rotateDeviceKeyHere(vault, { resumeOnly: true })) process.stderr.write('keyhaven: finished an interrupted rotation of this device\'s signing key\n');
    } catch (error) {
      if (!(error instanceof SyncError || error instanceof VaultError)) throw error;
      process.stderr.write(`keyhaven: an interrupted rotation of this device's signing key could not be finished yet (${error.message}); the next command tries again\n`);
    }
  }
  if (vault.state.accountRotation) {
    try {
      const resumed = await rotateAccountKeyHere(vault, password, { resumeOnly: true, quiet: true });
      if (resumed) process.stderr.write(`keyhaven: finished an interrupted account-key rotation (now version ${resumed.keyVersion})\n`);
    } catch (error) {
      if (!(error instanceof SyncError || error instanceof VaultError)) throw error;
      process.stderr.write(`keyhaven: an interrupted account-key rotation could not be finished yet (${error.message}); the next command tries again\n`);
    }
  }
  for (const v of vault.state.vaults) {
    try {
      const resumed = await finishInterruptedRotation(vault, v);
      if (resumed) process.stderr.write(`keyhaven: finished an interrupted key rotation of vault "${v.name}" (now version ${resumed.toVersion})\n`);
    } catch (error) {
      // Kept pending (nothing is lost) and tried again by the next command; this one still runs.
      if (!(error instanceof SyncError || error instanceof VaultError)) throw error;
      process.stderr.write(`keyhaven: an interrupted key rotation of vault "${v.name}" could not be finished yet (${error.message}); the next command tries again\n`);
    }
  }
  await body(vault, password);
}

/** Wraps a commander action: any error is reported, never thrown to the top. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const options = args.find((a): a is GlobalOptions => typeof a === 'object' && a !== null && 'json' in a) ?? {};
    try {
      await body(...args);
    } catch (error) {
      reportError(error, Boolean(options.json));
    }
  };
}
