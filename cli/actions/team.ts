/** What the team commands do (options and help: cli/commands/team.ts): nobody is trusted before their fingerprint is compared, with --fingerprint or at a prompt; a script with neither is refused, with the digits to compare. */
import {
  acceptInvitation,
  freeName,
  hasAccount,
  inviteLater,
  inviteMember,
  lookupPerson,
  openInvitation,
  personFingerprint,
  type TeamRole,
} from '../../shared/index.js';
import { CliError } from '../errors.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import { teamActor, teamStoreOf } from '../team.js';
import { comparer, roleOf, type FingerprintOption } from '../team-input.js';
import type { CliVault } from '../vault.js';

async function findInvitation(vault: CliVault, query: string) {
  const api = await vault.api();
  const actor = await teamActor(vault);
  const pending = (await api.invitations()).invitations;
  for (const inv of pending) {
    const opened = await openInvitation(api, actor, inv.vaultId);
    if (inv.vaultId === query || inv.vaultId.startsWith(query) || opened.name?.toLowerCase() === query.toLowerCase()) return { api, actor, opened };
  }
  throw new CliError('not-found', `no invitation for "${query}"; \`keyhaven vault invitations\` lists them`);
}

export async function whoami(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    if (vault.signedIn) await vault.ensureCertified();
    const signing = vault.state.signing;
    const fingerprint = signing ? await personFingerprint({ identityKey: vault.state.identity.publicSpki, signingKey: signing.publicSpki }) : null;
    const me = { email: vault.state.email, accountId: vault.account.accountId, server: vault.state.server, fingerprint };
    print(Boolean(options.json), me, () =>
      [`${me.email ?? 'local only (no account on a server)'}  (account ${me.accountId})`, fingerprint ? `Fingerprint: ${fingerprint}` : 'No fingerprint yet: sign up or log in to a server first'].join('\n'),
    );
  });
}

export async function invite(email: string, options: FingerprintOption & { vault?: string; role: string }): Promise<void> {
  const role = roleOf(options.role);
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    if (!v.remote) throw new CliError('usage', `vault "${v.name}" is not on a server yet; sync first`);
    const api = await vault.api();
    if (!(await hasAccount(api, email))) {
      await inviteLater(teamStoreOf(vault), { vaultId: v.id, email, role });
      await vault.syncQuietly(); // the account's other devices learn of it through its team memory
      print(Boolean(options.json), { vault: v.name, email, role, waiting: true }, () => `No account uses ${email} yet. The invitation waits (30 days): \`keyhaven vault members --vault "${v.name}"\` says when they signed up; then run this again to compare their fingerprint and invite them.`);
      return;
    }
    const person = await lookupPerson(api, email);
    const roster = await inviteMember(api, await teamActor(vault), { record: v.keyring, person, role, confirm: comparer(options) });
    await teamStoreOf(vault).setWaiting(v.id, person.email, null);
    await (await vault.engine()).recordAudit(v.id, 'member.add', null, { email: person.email, role, roster: roster.revision });
    await vault.syncQuietly();
    print(Boolean(options.json), { vault: v.name, email: person.email, role, fingerprint: person.fingerprint }, () => `Invited ${person.email} to "${v.name}" as ${role}; they accept with \`keyhaven vault accept\`.`);
  });
}

export async function invitations(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const api = await vault.api();
    const actor = await teamActor(vault);
    const list: { vaultId: string; name: string | null; role: TeamRole; from: string | null; fingerprint: string | null; problem: string | null }[] = [];
    for (const inv of (await api.invitations()).invitations) {
      const o = await openInvitation(api, actor, inv.vaultId);
      list.push({ vaultId: o.vaultId, name: o.name, role: o.role, from: o.inviter?.email ?? inv.invitedBy?.email ?? null, fingerprint: o.inviter?.fingerprint ?? null, problem: o.problem });
    }
    print(Boolean(options.json), list, () =>
      list.length === 0
        ? 'No invitations waiting.'
        : list.map((i) => `${(i.name ?? i.vaultId).padEnd(24)} ${i.role.padEnd(7)} from ${i.from ?? 'unknown'}${i.problem ? `  CANNOT BE ACCEPTED: ${i.problem}` : `  fingerprint ${i.fingerprint}`}`).join('\n'),
    );
  });
}

export async function accept(query: string, options: FingerprintOption): Promise<void> {
  await withVault(options, async (vault) => {
    const { api, actor, opened } = await findInvitation(vault, query);
    const joined = await acceptInvitation(api, actor, opened, comparer(options));
    const name = freeName(joined.name ?? 'Shared vault', vault.state.vaults);
    vault.state.vaults.push({ id: opened.vaultId, name, keyring: joined.record, remote: true });
    await vault.syncQuietly();
    print(Boolean(options.json), { vaultId: opened.vaultId, name, role: opened.role }, () => `Joined "${name}" as ${opened.role}.`);
  });
}

export async function decline(query: string, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const { api, opened } = await findInvitation(vault, query);
    await api.declineInvitation(opened.vaultId);
    print(Boolean(options.json), { vaultId: opened.vaultId, declined: true }, () => `Declined the invitation to "${opened.name ?? opened.vaultId}".`);
  });
}

/** `vault default` (`default` is a reserved word). */
export async function setDefault(name: string, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    vault.state.defaultVault = v.id;
    print(Boolean(options.json), { default: v.name }, () => `Item commands now use "${v.name}" unless --vault says otherwise.`);
  });
}
