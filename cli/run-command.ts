/**
 * How every command runs: hold the home folder's lock, unlock the vault with the password, finish any
 * vault key rotation a crash interrupted, do the work, save. How errors are reported: cli/report.ts.
 */
import { SyncError, VaultError } from '../shared/index.js';
import { finishInterruptedRotation } from './key-rotation.js';
import { rotateAccountKeyHere } from './account-key-rotation.js';
import { rotateDeviceKeyHere } from './device-key-rotation.js';
import { CliError } from './errors.js';
import { Home } from './home.js';
import { readPassword } from './input.js';
import { CliVault } from './vault.js';
import type { GlobalOptions } from './report.js';

export { EXIT } from './exit-codes.js';
export { action, print, reportError, exitCodeFor, type GlobalOptions } from './report.js';

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
      await vault.primeIndex();
      await runOpen(vault, password, body);
    } finally {
      // What was written locally is kept even when a later step fails (a refused sync, a rotation cut
      // short): the home is this device's database, and a command's failure must not undo its writes.
      await vault.sealIndex();
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
