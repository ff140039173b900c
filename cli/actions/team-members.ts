/** What the team-member commands do (options and help: cli/commands/team-members.ts): removing someone re-keys the vault for the rest and flags what they could read. */
import { changeMemberRole, exposedItems, listTokens, memberOf, personFingerprint, removeMember, revokeForDeparture, SyncError, VaultError, waitingInvites, type TeamRole } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { rotateAndShare } from '../key-rotation.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import { confirmed, roleOf } from '../team-input.js';
import { teamActor, teamStoreOf } from '../team.js';
import type { CliVault } from '../vault.js';
import type { VaultState } from '../state.js';

async function memberByEmail(vault: CliVault, v: VaultState, email: string) {
  const roster = await teamStoreOf(vault).roster(v.id);
  const member = roster?.members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  if (!member) throw new CliError('not-found', `${email} is not in vault "${v.name}"`);
  return member;
}

export async function members(name: string | undefined, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    await vault.sync();
    const store = teamStoreOf(vault);
    const roster = await store.roster(v.id);
    const members: { email: string; accountId: string; role: TeamRole; fingerprint: string; verified: boolean; you: boolean }[] = [];
    for (const m of roster?.members ?? []) {
      const seen = await store.person(m.account);
      const me = m.account === vault.account.accountId;
      members.push({ email: m.email, accountId: m.account, role: m.role, fingerprint: await personFingerprint(m), verified: me || Boolean(seen?.verified), you: me });
    }
    const warnings = vault.events.filter((e) => e.type === 'integrity' && e.vaultId === v.id).map((e) => (e.type === 'integrity' ? e.message : ''));
    const waiting = await waitingInvites(await vault.api(), store, { vaultId: v.id, roster });
    print(Boolean(options.json), { vault: v.name, revision: roster?.revision ?? null, members, waiting, warnings }, () =>
      [
        roster ? `Vault "${v.name}" (roster revision ${roster.revision}):` : `Vault "${v.name}" is not shared: you are its only member.`,
        ...members.map((m) => `  ${m.email.padEnd(32)} ${m.role.padEnd(7)} ${m.fingerprint}${m.you ? '  (you)' : m.verified ? '  verified' : '  not verified by you'}`),
        ...waiting.map((w) => `  ${w.email.padEnd(32)} ${w.role.padEnd(7)} ${w.ready ? `has an account now: \`keyhaven vault invite ${w.email} --vault "${v.name}" --role ${w.role}\`` : 'waiting for them to sign up'}`),
        ...warnings.map((w) => `WARNING: ${w}`),
      ].join('\n'),
    );
  });
}

export async function role(email: string, roleName: string, options: GlobalOptions & { vault?: string }): Promise<void> {
  const role = roleOf(roleName);
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const member = await memberByEmail(vault, v, email);
    await changeMemberRole(await vault.api(), await teamActor(vault), { record: v.keyring, accountId: member.account, role });
    await (await vault.engine()).recordAudit(v.id, 'member.role', null, { email: member.email, role });
    await vault.syncQuietly();
    print(Boolean(options.json), { vault: v.name, email: member.email, role }, () => `${member.email} is now ${role} in "${v.name}".`);
  });
}

export async function remove(email: string, options: GlobalOptions & { vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const member = await memberByEmail(vault, v, email);
    const roster = await removeMember(await vault.api(), await teamActor(vault), { record: v.keyring, accountId: member.account });
    await (await vault.engine()).recordAudit(v.id, 'member.remove', null, { email: member.email, roster: roster.revision });
    // They could read every token's key: the tokens go before the key rotates, or it would be re-wrapped for them.
    const engine = await vault.engine();
    const tokens = await listTokens(await vault.api(), v.id, await vault.keyring(v.id), vault.tokenAdminKey(v.id), await engine.tokensRevokedInChain(v.id));
    const tokensRevoked = await revokeForDeparture(await vault.api(), engine, v.id, tokens);
    const rotation = await rotateAndShare(vault, v, { quiet: Boolean(options.json) });
    await vault.syncQuietly();
    const { items } = await vault.index().summary(v.id);
    const exposed = exposedItems(roster, items).filter((e) => e.to.some((t) => t.email === member.email));
    const answer = { vault: v.name, removed: member.email, keyVersion: rotation.toVersion, exposed: exposed.map((e) => ({ itemId: e.itemId, name: e.name })), tokensRevoked };
    print(Boolean(options.json), answer, () =>
      [
        `Removed ${member.email} from "${v.name}"; the vault key is now version ${rotation.toVersion}, shared with the ${roster.members.length} remaining member(s).`,
        exposed.length
          ? `${exposed.length} key(s) they could read are exposed until rotated at the provider: \`keyhaven ls --vault "${v.name}" --exposed\``
          : 'They could read no active key that is still in use.',
        ...(tokensRevoked
          ? [`${tokensRevoked} access token(s) were revoked: every member could read their keys, ${member.email} included. Make new ones with \`keyhaven token create\`.`]
          : []),
      ].join('\n'),
    );
  });
}

export async function leave(name: string, options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    if (!(await teamStoreOf(vault).roster(v.id))) throw new CliError('usage', `"${v.name}" is not shared with anyone; there is nothing to leave`);
    if (vault.state.vaults.length === 1) throw new CliError('usage', 'this is your only vault; create another one first');
    await (await vault.api()).removeMember(v.id, vault.account.accountId).catch((error: unknown) => {
      // Already gone on the server (removed, or left on another device): only the local copy remains.
      if (!(error instanceof SyncError && error.code === 'not-found')) throw error;
    });
    vault.forget(v.id);
    print(Boolean(options.json), { left: v.name }, () => `Left "${v.name}". Its admins are told, and rotate its key.`);
  });
}

/** `vault delete` (`delete` is a reserved word). */
export async function deleteVault(name: string, options: GlobalOptions & { yes?: boolean }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(name);
    if (vault.state.vaults.length === 1) throw new CliError('usage', 'this is your only vault; create another one first');
    const roster = await teamStoreOf(vault).roster(v.id);
    if (roster && memberOf(roster, vault.account.accountId)?.role !== 'admin') throw new VaultError('forbidden', `only an admin of "${v.name}" can delete it`);
    const others = roster ? roster.members.length - 1 : 0;
    await confirmed(options, `Delete "${v.name}" and its keys from the server${others ? ` for its ${others} other member(s)` : ''}? This cannot be undone.`, `"${v.name}" not deleted`);
    if (v.remote) {
      await (await vault.api()).deleteVault(v.id).catch((error: unknown) => {
        // Already gone on the server (deleted on another device): only the local copy remains.
        if (!(error instanceof SyncError && error.code === 'not-found')) throw error;
      });
    }
    vault.forget(v.id);
    print(Boolean(options.json), { deleted: v.name }, () => `Deleted "${v.name}".`);
  });
}
