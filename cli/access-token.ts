/**
 * `run` and `get` with an access token instead of the account (docs/cli.md "Access tokens"): for CI and
 * servers, where nobody types a password. The token comes from KEYHAVEN_TOKEN, a file, or stdin, never
 * from argv (every user of the machine can read a process's arguments, and shells keep them). Nothing
 * is read from or written to the home folder: a token read keeps no cache, so a revoked token stops the
 * next run, and a machine holds nothing once the run is over.
 */
import { readFileSync } from 'node:fs';
import { readWithToken, type TokenRead } from '../shared/index.js';
import { CliError } from './errors.js';
import { Home } from './home.js';
import { readSecretValue } from './input.js';
import { CliVault } from './vault.js';
import type { TokenOptions } from './token-options.js';

export type { TokenOptions };

/** The access token to use, or null when the command runs as the account. */
export async function accessTokenFrom(options: TokenOptions): Promise<string | null> {
  if (options.tokenFile) {
    try {
      return readFileSync(options.tokenFile, 'utf8').trim();
    } catch (error) {
      throw new CliError('not-found', `cannot read the token file ${options.tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const source = options.token;
  if (source === undefined || source === false) return process.env.KEYHAVEN_TOKEN?.trim() || null;
  if (source === '-') return (await readSecretValue('Access token')).trim();
  if (source === true || source === 'env') {
    const fromEnv = process.env.KEYHAVEN_TOKEN?.trim();
    if (!fromEnv) throw new CliError('usage', '--token reads the token from KEYHAVEN_TOKEN, which is not set (or use `--token -` for stdin, --token-file FILE)');
    return fromEnv;
  }
  // Whatever was passed is not repeated: it may well be the token itself.
  throw new CliError('usage', 'an access token on the command line is visible to every user of this machine and kept in shell history: put it in KEYHAVEN_TOKEN, a file (--token-file), or stdin (--token -)');
}

export function tokenServer(options: TokenOptions): string {
  const named = options.server ?? process.env.KEYHAVEN_SERVER;
  if (named) return named;
  const home = new Home();
  const server = home.exists() ? CliVault.readState(home).server : null;
  if (!server) throw new CliError('usage', 'which server? set KEYHAVEN_SERVER (or --server URL) to the server the token was made on');
  return server;
}

/** Reads the token's items; each one set aside is said on stderr, once. */
export async function readAsToken(token: string, options: TokenOptions): Promise<TokenRead> {
  const read = await readWithToken(token, { baseUrl: tokenServer(options) });
  for (const p of read.problems) process.stderr.write(`keyhaven: WARNING: item ${p.itemId.slice(0, 8)} not used: ${p.message}\n`);
  return read;
}
