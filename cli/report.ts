/**
 * How a command's outcome reaches the user: its output (human or --json), and any error as one line on
 * stderr (or a JSON object with --json) with an exit code that says what kind of failure it was. Kept
 * apart from run-command.ts, which opens vaults, so that a command that needs no vault loads none of it.
 */
import { CryptoError, SyncError, VaultError } from '../shared/errors.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

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
