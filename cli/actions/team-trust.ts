/** What `vault trust` does (options and help: cli/commands/team-trust.ts): the member list is trusted only once every fingerprint was compared. */
import { rosterFromStart, trustRoster } from '../../shared/index.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import { confirmed } from '../team-input.js';
import { teamStoreOf } from '../team.js';

export async function trust(name: string, options: GlobalOptions & { yes?: boolean }): Promise<void> {
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
}
