/** Account commands: init (local only), signup, login, logout, rotate-account-key, passwd (what they do: cli/actions/account.ts). */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const account = () => import('../actions/account.js');

export function registerAccountCommands(program: Command): void {
  program
    .command('init')
    .description('create a local-only vault in KEYHAVEN_HOME (no server; sign up later to sync)')
    .option('--iterations <n>', 'PBKDF2 iterations (at least 600000)', Number)
    .option('--device-name <name>', 'how this device is listed')
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'init'));

  program
    .command('signup')
    .description('create an account on a sync server (uploading this local vault if there is one)')
    .requiredOption('--server <url>', 'the sync server', process.env.KEYHAVEN_SERVER)
    .requiredOption('--email <email>', 'your email')
    .option('--iterations <n>', 'PBKDF2 iterations for a new account', Number)
    .option('--device-name <name>', 'how this device is listed')
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'signup'));

  program
    .command('login')
    .description('sign in on a new device: downloads your vaults into KEYHAVEN_HOME; in a home already signed up there, signs this device in again (after a password change elsewhere)')
    .requiredOption('--server <url>', 'the sync server', process.env.KEYHAVEN_SERVER)
    .requiredOption('--email <email>', 'your email')
    .option('--device-name <name>', 'how this device is listed')
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'login'));

  program
    .command('logout')
    .description('end this device’s session (local encrypted data stays)')
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'logout'));

  program
    .command('rotate-account-key')
    .description('rotate the account key: vault keys and identity keys are re-wrapped under a new version; the other devices sign in again with the password')
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'rotateAccountKey'));

  program
    .command('passwd')
    .description('change the password (new one from a prompt or KEYHAVEN_NEW_PASSWORD); only the account key is re-wrapped')
    .option('--iterations <n>', 'also change the PBKDF2 iterations', Number)
    .option('--json', 'machine-readable output')
    .action(lazy(account, 'passwd'));
}
