/** signing-key ls|rotate|revoke|reactivate: a webhook secret's key set (what they do: cli/actions/signing-keys.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

/**
 * shared/vault/signing-keys.ts's DEFAULT_OVERLAP_HOURS, written out so the help text loads nothing:
 * cli/actions/signing-keys.ts stops compiling if the two differ.
 */
export const DEFAULT_OVERLAP_HOURS = 24;

const signingKeys = () => import('../actions/signing-keys.js');

export function registerSigningKeyCommands(program: Command): void {
  const group = program.command('signing-key').description("a webhook secret's signing keys: list, rotate with an overlap window, revoke, reactivate");

  group
    .command('ls <name>')
    .description('every key of the set: which one signs, which verify and until when')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(signingKeys, 'ls'));

  group
    .command('rotate <name>')
    .description('make a new current key (generated unless --paste); the old one keeps verifying for --overlap hours')
    .option('--overlap <hours>', `how long the old key still verifies (0-720, default ${DEFAULT_OVERLAP_HOURS})`)
    .option('--paste', 'read the new key from stdin or a prompt instead of generating one')
    .option('--reason <reason>', 'why', 'rotated')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(signingKeys, 'rotate'));

  group
    .command('revoke <name> <keyId>')
    .description('stop one key signing and verifying at once (e.g. it leaked)')
    .requiredOption('--reason <reason>', 'why, e.g. "leaked in a log"')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(signingKeys, 'revoke'));

  group
    .command('reactivate <name> <keyId>')
    .description('undo a key revocation (an old key verifies again only until its window ends)')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(signingKeys, 'reactivate'));
}
