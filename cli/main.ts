/**
 * The `keyhaven` command line: wiring only. Each group's definitions live in cli/commands/ and load
 * nothing heavy; what a command does is in cli/actions/, imported when it runs (cli/lazy.ts).
 */
import { Command } from 'commander';
import { registerAccountCommands } from './commands/account.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDeviceCommands } from './commands/devices.js';
import { registerItemCommands } from './commands/items.js';
import { registerRunCommand } from './commands/run.js';
import { registerScanCommand } from './commands/scan.js';
import { registerSecretCommands } from './commands/secrets.js';
import { registerSigningKeyCommands } from './commands/signing-keys.js';
import { registerSyncCommands } from './commands/sync.js';
import { registerTokenCommands } from './commands/tokens.js';
import { registerTransferCommands } from './commands/transfer.js';
import { registerTrashCommands } from './commands/trash.js';
import { registerVaultCommands } from './commands/vaults.js';
import { cliVersion } from './version.js';

const program = new Command('keyhaven')
  .description('KeyHaven: a zero-knowledge vault for API keys (docs/cli.md)')
  .version(cliVersion(), '-V, --version', 'print the version')
  // Options after a command are that command's: `keyhaven run node --version` must not print ours, and
  // `add --name -V` names an item -V.
  .enablePositionalOptions()
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

registerAccountCommands(program);
registerSyncCommands(program);
registerDeviceCommands(program);
registerItemCommands(program);
registerTrashCommands(program);
registerSecretCommands(program);
registerSigningKeyCommands(program);
registerAuditCommand(program);
registerVaultCommands(program);
registerTransferCommands(program);
registerRunCommand(program);
registerTokenCommands(program);
registerScanCommand(program);

await program.parseAsync(process.argv);
