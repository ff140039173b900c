/**
 * Rotating a vault key from the CLI, for personal and team vaults alike: the resumable rotation of the
 * core re-wraps every item, then the new version goes where each member gets it (this account's own
 * entry; for a team vault, a share for every member of the verified roster and nobody else).
 */
import { ensureRoster, memberOf, publishKeyVersion, rewrapTokensAfterRotation, rotatableWithoutRoster, runKeyRotation, VaultError, type RotationResult } from '../shared/index.js';
import { rotationStoreFor } from './rotation-store.js';
import { teamActor, teamStoreOf } from './team.js';
import type { CliVault } from './vault.js';
import type { VaultState } from './state.js';

/**
 * Rotates `v`'s key (or finishes a rotation that was cut short): every item re-wrapped, then the new
 * version handed out, each step in the vault's signed chain.
 */
export async function rotateAndShare(vault: CliVault, v: VaultState, options: { quiet: boolean }): Promise<RotationResult> {
  return (await rotation(vault, v, options))!;
}

/** Finishes a rotation a killed command left behind (null when there was none). */
export const finishInterruptedRotation = (vault: CliVault, v: VaultState) => rotation(vault, v, { quiet: true, resumeOnly: true });

async function rotation(vault: CliVault, v: VaultState, options: { quiet: boolean; resumeOnly?: boolean }): Promise<RotationResult | null> {
  const store = rotationStoreFor(vault, v.id);
  if (options.resumeOnly && !(await store.loadRotation(v.id))) return null;
  // The roster as the server has it now, checked: a device that has not synced since someone was removed
  // must not share the new version with them. Only an admin can hand it to the others.
  const roster = v.remote && (await teamStoreOf(vault).roster(v.id)) ? await ensureRoster(await vault.api(), await teamActor(vault), await vault.keyring(v.id)) : null;
  if (roster && memberOf(roster, vault.account.accountId)?.role !== 'admin') {
    throw new VaultError('forbidden', `only an admin of "${v.name}" can rotate its key`);
  }
  if (!roster && v.remote && !options.resumeOnly && !(await rotatableWithoutRoster(await vault.api(), v.id, vault.account.accountId))) {
    throw new VaultError('unverified', `the server lists other members of "${v.name}", but this device has no member list it could verify: run \`keyhaven sync\` (or \`keyhaven vault trust\`) first`);
  }
  const result = await runKeyRotation(
    {
      audit: await vault.engine(),
      store,
      vaultId: v.id,
      accountKey: vault.account.accountKey,
      onProgress: (p) => !options.quiet && process.stderr.write(`\rre-wrapping ${p.done}/${p.total}`),
      // Before any item is re-wrapped, and again on a resume: nothing is ever written under a version the others lack.
      publish: async (toVersion, record) => {
        if (!v.remote) return;
        const team = roster ? { actor: await teamActor(vault), roster: await ensureRoster(await vault.api(), await teamActor(vault), await vault.keyring(v.id)) } : null;
        await publishKeyVersion(await vault.api(), { accountId: vault.account.accountId, record, version: toVersion, team });
        // Live access tokens follow: their descriptions move to the new version, vault-wide ones get its key
        // (not those this device knows were revoked, whatever the server lists).
        const revokedInChain = await (await vault.engine()).tokensRevokedInChain(v.id);
        await rewrapTokensAfterRotation(await vault.api(), vault.account.accountKey, record, toVersion, vault.tokenAdminKey(v.id), { revokedInChain });
      },
    },
    { resumeOnly: options.resumeOnly },
  );
  if (!options.quiet) process.stderr.write('\n');
  return result;
}
