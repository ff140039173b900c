/** vault trust: take a vault's member list as the server's history gives it, after comparing every fingerprint. */
import type { Command } from 'commander';
import { rosterFromStart, trustRoster } from '../../shared/index.js';
import { action, print, withVault, type GlobalOptions } from '../run-command.js';
import { confirmed } from '../team-input.js';
import { teamStoreOf } from '../team.js';

export function registerTrustCommand(vaultCmd: Command): void {
  vaultCmd
    .command('trust <vault>')
    .description("after a members warning: show the server's member list with every fingerprint, and once you compared them with each person, trust it on this device")
    .option('--yes', 'do not ask (you compared every fingerprint already)')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: GlobalOptions & { yes?: boolean }) => {
        await withVault(options, async (vault) => {
          const v = vault.vault(name);
          const api = await vault.api();
          const keyring = await vault.keyring(v.id);
          const shown = await rosterFromStart(api, keyring);
          if (!options.json) {
            process.stderr.write(`The server's member list of "${v.name}" (revision ${shown.roster.revision}, verified from its start):\n\n`);
            for (const m of shown.members) process.stderr.write(`  ${m.email.padEnd(32)} ${m.role.padEnd(7)} ${m.fingerprint}\n`);
            process.stderr.write('\nCompare each fingerprint with its person (they see theirs with `keyhaven whoami`) over a channel you trust.\n');
          }
          await confirmed(options, 'Did every fingerprint match?', `the member list of "${v.name}" was not trusted`);
          const roster = await trustRoster(api, teamStoreOf(vault), keyring, { revision: shown.roster.revision, fingerprints: shown.members.map((m) => m.fingerprint) });
          await vault.syncQuietly();
          print(Boolean(options.json), { vault: v.name, revision: roster.revision, members: shown.members }, () => `This device now trusts the member list of "${v.name}" at revision ${roster.revision}.`);
        });
      }),
    );
}
