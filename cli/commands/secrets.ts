/** generate, sign and verify: webhook signing secrets and payload signatures (what they do: cli/actions/generate.ts, cli/actions/secrets.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const secrets = () => import('../actions/secrets.js');
const generator = () => import('../actions/generate.js');

export function registerSecretCommands(program: Command): void {
  program
    .command('generate')
    .description('generate a 256-bit secret; printed, or with --save stored without being printed')
    .option('--hex', 'hex instead of base64url')
    .option('--prefix <prefix>', 'e.g. whsec_')
    .option('--bytes <n>', 'random bytes (16-1024)', Number)
    .option('--save <name>', 'store it as a new item instead of printing it')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(generator, 'generate'));

  program
    .command('sign <name>')
    .description('sign a webhook payload (stdin) with the current signing key of a stored secret: prints a t=…,v1=… header')
    .option('--timestamp <seconds>', 'signing time (default: now)', Number)
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(secrets, 'sign'));

  program
    .command('verify <name>')
    .description('verify a webhook payload (stdin) against a t=…,v1=… header with the keys live now; exit code 0 only if one matches')
    .requiredOption('--header <header>', 'the signature header received')
    .option('--tolerance <seconds>', 'allowed clock difference', Number, 300)
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(lazy(secrets, 'verify'));
}
